import ArgumentParser
import CoopCasePostgres
import Foundation

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Apply pending database migrations from sql/ (as the owner role).")

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Only show which migrations are applied and which are pending.")
    var status = false

    func run() async throws {
        let settings = try await Settings.load(options)
        try await withDatabase(settings, migrationRole: true) { database in
            let migrator = try Migrator(directory: try Migrator.locateDirectory())
            if status {
                let rows = try await migrator.status(client: database.client, logger: database.logger)
                var table = Table(headers: ["version", "file", "applied"])
                for (migration, applied) in rows {
                    table.rows.append([
                        String(migration.version), migration.name, applied.map { "\($0)" } ?? "pending",
                    ])
                }
                print(table.render())
                return
            }
            let applied = try await migrator.migrate(client: database.client, logger: database.logger)
            print(
                applied.isEmpty
                    ? "Database is up to date (\(migrator.migrations.count) migrations)."
                    : "Applied: \(applied.map(\.name).joined(separator: ", "))")
        }
    }
}
