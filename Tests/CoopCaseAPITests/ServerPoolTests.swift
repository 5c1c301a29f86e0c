import Configuration
import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import Foundation
import Testing

@testable import CoopCaseAPI

/// The database pool, as the server and the other commands read its settings: no keep-alive pings unless asked
/// for, and no minimum of open connections.
@Suite struct ServerPoolTests {
    /// The server reads its settings whole; the other commands read only the database's. Both must agree.
    enum Reader: CaseIterable {
        case server, command
    }

    func settings(_ values: [AbsoluteConfigKey: ConfigValue], _ reader: Reader = .server) throws -> DatabaseSettings {
        let config = ConfigReader(provider: InMemoryProvider(values: values))
        return switch reader {
        case .server: try AppSettings(reader: config).database
        case .command: try DatabaseSettings(reader: config)
        }
    }

    @Test(arguments: Reader.allCases) func byDefaultNoConnectionIsPinged(_ reader: Reader) throws {
        let defaults = try settings([:], reader)
        #expect(defaults.keepAlive == nil)
        #expect(defaults.clientConfiguration().options.keepAliveBehavior == nil)

        let chosen = try settings(["database.keepAliveSeconds": 45], reader)
        #expect(chosen.keepAlive == .seconds(45))
        #expect(chosen.clientConfiguration().options.keepAliveBehavior?.frequency == .seconds(45))
    }

    /// postgres-nio 1.33.2 traps when a request arrives while fewer than the pool's minimum are open — as after
    /// a database restart (seen in the fault checks: the server crashed instead of recovering).
    @Test func thePoolKeepsNoMinimumOfOpenConnections() throws {
        for size in [1, 20, 40] {
            let chosen = try settings(["database.maxConnections": .init(.int(size), isSecret: false)])
            #expect(chosen.clientConfiguration().options.minimumConnections == 0)
            #expect(chosen.clientConfiguration().options.maximumConnections == size)
        }
    }

    /// A cancelled idle timer keeps its memory until it would have fired, so the pool's idle limit bounds what the
    /// server holds under load: 10 s unless chosen, not postgres-nio's 60 s.
    @Test(arguments: Reader.allCases) func idleConnectionsCloseAfterTenSecondsUnlessChosen(_ reader: Reader) throws {
        let defaults = try settings([:], reader)
        #expect(defaults.idleTimeout == .seconds(10))
        #expect(defaults.clientConfiguration().options.connectionIdleTimeout == .seconds(10))

        let chosen = try settings(["database.idleSeconds": 3], reader)
        #expect(chosen.clientConfiguration().options.connectionIdleTimeout == .seconds(3))
        for refused in [0, -5] {
            #expect(throws: DomainError.validation(field: "database.idleSeconds", reason: .positive)) {
                try settings(["database.idleSeconds": .init(.int(refused), isSecret: false)], reader)
            }
        }
    }

    @Test(arguments: Reader.allCases) func aNegativeKeepAliveIsRefusedNamingTheSetting(_ reader: Reader) {
        #expect(throws: DomainError.validation(field: "database.keepAliveSeconds", reason: .notNegative)) {
            try settings(["database.keepAliveSeconds": -30], reader)
        }
    }
}
