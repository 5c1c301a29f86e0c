import Configuration
import CoopCaseDomain
import Foundation
import Testing

@testable import CoopCaseAPI

/// A server's database pool: no keep-alive pings unless asked for, and no minimum of open connections.
@Suite struct ServerPoolTests {
    func settings(_ values: [AbsoluteConfigKey: ConfigValue]) throws -> AppSettings {
        try AppSettings(reader: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    @Test func byDefaultNoConnectionIsPinged() throws {
        let defaults = try settings([:])
        #expect(defaults.database.keepAlive == nil)
        #expect(defaults.database.clientConfiguration().options.keepAliveBehavior == nil)

        let chosen = try settings(["database.keepAliveSeconds": 45])
        #expect(chosen.database.keepAlive == .seconds(45))
        #expect(chosen.database.clientConfiguration().options.keepAliveBehavior?.frequency == .seconds(45))
    }

    /// postgres-nio 1.33.2 traps when a request arrives while fewer than the pool's minimum are open — as after
    /// a database restart (seen in the fault checks: the server crashed instead of recovering).
    @Test func thePoolKeepsNoMinimumOfOpenConnections() throws {
        for size in [1, 20, 40] {
            let chosen = try settings(["database.maxConnections": .init(.int(size), isSecret: false)])
            #expect(chosen.database.clientConfiguration().options.minimumConnections == 0)
            #expect(chosen.database.clientConfiguration().options.maximumConnections == size)
        }
    }

    @Test func aNegativeKeepAliveIsRefusedNamingTheSetting() {
        #expect(throws: DomainError.validation(field: "database.keepAliveSeconds", reason: .notNegative)) {
            try settings(["database.keepAliveSeconds": -30])
        }
    }
}
