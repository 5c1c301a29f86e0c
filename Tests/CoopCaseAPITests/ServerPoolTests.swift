import Configuration
import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
import Testing

@testable import CoopCaseAPI

/// A server holds its database pool open (no idle or keep-alive timer around each query) unless told otherwise.
@Suite struct ServerPoolTests {
    func settings(_ values: [AbsoluteConfigKey: ConfigValue]) throws -> AppSettings {
        try AppSettings(reader: ConfigReader(provider: InMemoryProvider(values: values)))
    }

    @Test func byDefaultEveryConnectionStaysOpenAndNoneIsPinged() throws {
        let defaults = try settings([:])
        #expect(defaults.database.maximumConnections == 20)
        #expect(defaults.database.minimumConnections == 20)
        #expect(defaults.database.keepAlive == nil)

        let sized = try settings(["database.maxConnections": 7])
        #expect(sized.database.minimumConnections == 7, "the open count follows the pool size")

        let chosen = try settings([
            "database.maxConnections": 10, "database.minConnections": 3, "database.keepAliveSeconds": 45,
        ])
        #expect(chosen.database.minimumConnections == 3)
        #expect(chosen.database.keepAlive == .seconds(45))
        #expect(chosen.database.clientConfiguration().options.keepAliveBehavior?.frequency == .seconds(45))
        #expect(chosen.database.clientConfiguration().options.minimumConnections == 3)
    }

    @Test func negativeCountsAreRefusedNamingTheSetting() {
        #expect(throws: DomainError.validation(field: "database.minConnections", reason: .notNegative)) {
            try settings(["database.minConnections": -1])
        }
        #expect(throws: DomainError.validation(field: "database.keepAliveSeconds", reason: .notNegative)) {
            try settings(["database.keepAliveSeconds": -30])
        }
    }

    @Test func aStartedServerOpensItsConnectionsBeforeAnyRequest() async throws {
        try await TestDatabase.with { test in
            let ours: PostgresQuery = """
                SELECT count(*)::int FROM pg_stat_activity
                WHERE datname = current_database() AND usename = 'coopcase_app'
                """
            let before = try await test.ownerScalar(ours, as: Int.self) ?? 0
            var values = API.settingsValues(test)
            values["database.maxConnections"] = 6
            values["database.minConnections"] = 4
            let app = try await buildApplication(reader: ConfigReader(provider: InMemoryProvider(values: values)))
            try await app.test(.router) { _ in
                var opened = 0
                for _ in 0..<100 {
                    opened = (try await test.ownerScalar(ours, as: Int.self) ?? 0) - before
                    if opened >= 4 { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(opened >= 4, "four connections open with no request made (saw \(opened))")
            }
        }
    }
}
