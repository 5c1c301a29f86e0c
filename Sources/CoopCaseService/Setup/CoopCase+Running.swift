import CoopCaseDomain
internal import CoopCasePostgres
import Foundation
public import Logging
internal import PostgresNIO

extension CoopCase {
    /// A service over a pool of connections to `settings`, not yet running: `runPool` runs it.
    public init(settings: DatabaseSettings, logger: Logger) {
        self.init(database: Database(client: settings.makeClient(logger: logger), logger: logger))
    }

    /// Runs the connection pool until cancelled, finishing `started` as it begins.
    public func runPool(announcing started: AsyncStream<Void>.Continuation) async {
        await database.client.run(announcing: started)
    }

    /// Runs `body` with a service whose pool runs for as long as it does: one-shot commands.
    public static func withRunning<Result: Sendable>(
        _ settings: DatabaseSettings, logger: Logger, _ body: (CoopCase) async throws -> Result
    ) async throws -> Result {
        let client = settings.makeClient(logger: logger.forOneShotPool)
        return try await withRunningClient(client) {
            try await body(CoopCase(database: Database(client: client, logger: logger)))
        }
    }

    /// Refuses a database whose schema this build does not match.
    public func requireSchemaUpToDate() async throws {
        try await SetupError.translating {
            let migrator = try Migrator(directory: try Migrator.locateDirectory())
            try await migrator.requireUpToDate(client: database.client, logger: database.logger)
        }
    }

    /// Every migration this build has, with when it was applied (nil: pending).
    public func migrationStatus() async throws -> [(version: Int, name: String, appliedAt: Date?)] {
        try await SetupError.translating {
            let migrator = try Migrator(directory: try Migrator.locateDirectory())
            return try await migrator.status(client: database.client, logger: database.logger).map {
                ($0.0.version, $0.0.name, $0.1)
            }
        }
    }

    /// Applies the pending migrations, then installs the shipped working-calendar years not yet in the database;
    /// returns the migrations applied.
    public func migrate() async throws -> [(version: Int, name: String)] {
        let applied = try await SetupError.translating {
            let migrator = try Migrator(directory: try Migrator.locateDirectory())
            return try await migrator.migrate(client: database.client, logger: database.logger).map {
                ($0.version, $0.name)
            }
        }
        try await calendar.installShipped()
        try await places.installShipped()
        return applied
    }
}
