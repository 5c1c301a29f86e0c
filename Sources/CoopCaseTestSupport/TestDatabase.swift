import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import Foundation
import Logging
import PostgresNIO

/// A fresh database per test, cloned from a template that is migrated once per test run.
///
/// The server is named by `COOPCASE_TEST_DATABASE_URL` (a superuser, so it may create databases and play
/// the owner in tampering tests); `scripts/test` starts one and sets it.
public struct TestDatabase: Sendable {
    /// Connected as the application role, exactly as the product runs.
    public let database: Database
    /// The use cases over that database.
    public var service: CoopCase { CoopCase(database: database) }
    /// Connected as a superuser: for assertions and for tampering behind the application's back.
    public let owner: PostgresClient
    public let name: String

    /// The URL the product would use for this database (the application role).
    public var applicationURL: String {
        let server = Self.adminSettings
        return "postgres://coopcase_app@\(server.host):\(server.port)/\(name)"
    }

    public static let adminSettings: DatabaseSettings = {
        let url =
            ProcessInfo.processInfo.environment["COOPCASE_TEST_DATABASE_URL"]
            ?? "postgres://postgres@127.0.0.1:54320/postgres"
        do {
            var settings = try DatabaseSettings(url: url)
            // CREATE and DROP DATABASE wait for a checkpoint; with many test databases dirty at once one took 17 s,
            // past the product's 15-second statement limit.
            settings.statementTimeout = "120s"
            return settings
        } catch {
            fatalError("COOPCASE_TEST_DATABASE_URL: \(error)")
        }
    }()

    static let logger = Logger(label: "coopcase.tests")
    static let poolLogger = logger.forOneShotPool
    static let template = Template()

    /// Creates the template at most once per process.
    actor Template {
        private var ready: Task<String, any Error>?

        func name() async throws -> String {
            if let ready { return try await ready.value }
            let task = Task { try await TestDatabase.buildTemplate() }
            ready = task
            return try await task.value
        }
    }

    static func sqlDirectory() -> URL {
        // Tests/… → project root → sql/
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sql")
    }

    static func buildTemplate() async throws -> String {
        let migrator = try Migrator(directory: sqlDirectory())
        // One template per schema version, so a changed migration never meets a stale template.
        // The shipped calendar and units are installed too, so they are part of the fingerprint.
        let shipped =
            StatutoryCalendar.shippedYears.map { CalendarCSV.text(StatutoryCalendar.entries(for: $0)) }
            + ShippedUnits.catalogue.units.keys.sorted()
        let fingerprint = (migrator.migrations.map(\.checksum) + shipped).joined().utf8.reduce(UInt32(2_166_136_261)) {
            ($0 ^ UInt32($1)) &* 16_777_619
        }
        let name = "coopcase_template_\(String(fingerprint, radix: 16))"
        let admin = adminSettings.makeClient(logger: poolLogger)
        try await withRunningClient(admin) {
            // The application role must be able to log in for tests to act as the product does.
            try await admin.query(
                """
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coopcase_app') THEN
                        CREATE ROLE coopcase_app LOGIN;
                    ELSE
                        ALTER ROLE coopcase_app LOGIN;
                    END IF;
                END $$
                """, logger: logger)
            var exists = false
            for try await _ in try await admin.query(
                "SELECT 1 FROM pg_database WHERE datname = \(name)", logger: logger)
            {
                exists = true
            }
            if exists { return }
            let building = name + "_building"
            try await admin.query("DROP DATABASE IF EXISTS \(unescaped: building) WITH (FORCE)", logger: logger)
            try await admin.query("CREATE DATABASE \(unescaped: building)", logger: logger)
            let client = adminSettings.with(database: building).makeClient(logger: poolLogger)
            try await withRunningClient(client) {
                try await migrator.migrate(client: client, logger: logger)
                let service = CoopCase(database: Database(client: client, logger: logger))
                try await service.calendar.installShipped()
                try await service.places.installShipped()
            }
            try await admin.query("ALTER DATABASE \(unescaped: building) RENAME TO \(unescaped: name)", logger: logger)
            try await admin.query("ALTER DATABASE \(unescaped: name) WITH IS_TEMPLATE true", logger: logger)
        }
        return name
    }

    /// Runs `body` against a fresh clone of the migrated template, then drops it.
    public static func with<Result: Sendable>(
        clock: @escaping @Sendable () -> Date = { Date() },
        _ body: (TestDatabase) async throws -> Result
    ) async throws -> Result {
        let template = try await Self.template.name()
        let name = "coopcase_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        let admin = adminSettings.makeClient(logger: poolLogger)
        return try await withRunningClient(admin) {
            try await admin.query(
                "CREATE DATABASE \(unescaped: name) TEMPLATE \(unescaped: template)", logger: logger)
            var appSettings = adminSettings.with(database: name)
            appSettings.username = "coopcase_app"
            appSettings.password = nil
            appSettings.maximumConnections = 40
            let app = appSettings.makeClient(logger: poolLogger)
            let owner = adminSettings.with(database: name).makeClient(logger: poolLogger)
            let result: Result
            do {
                result = try await withRunningClient(app) {
                    try await withRunningClient(owner) {
                        try await body(
                            TestDatabase(
                                database: Database(client: app, logger: logger, clock: clock), owner: owner, name: name)
                        )
                    }
                }
            } catch {
                _ = try? await admin.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
                throw error
            }
            try await admin.query("DROP DATABASE IF EXISTS \(unescaped: name) WITH (FORCE)", logger: logger)
            return result
        }
    }

    /// Runs a statement as the owner (superuser) and returns the first column of the first row.
    public func ownerScalar<T: PostgresDecodable & Sendable>(_ query: PostgresQuery, as type: T.Type) async throws -> T?
    {
        for try await value in try await owner.query(query, logger: Self.logger).decode(T.self) { return value }
        return nil
    }
}
