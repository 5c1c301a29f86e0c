import ArgumentParser
import CoopCasePostgres
import Foundation

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "migrate", vi: "Áp dụng các bản chuyển đổi cơ sở dữ liệu còn thiếu trong sql/ (bằng vai trò chủ sở hữu).",
        en: "Apply pending database migrations from sql/ (as the owner role).")

    @OptionGroup var options: GlobalOptions

    @Flag(
        name: .long,
        help: help(
            vi: "Chỉ cho biết bản nào đã áp dụng, bản nào còn chờ.",
            en: "Only show which migrations are applied and which are pending."))
    var status = false

    func run() async throws {
        let settings = try await Settings.load(options)
        try await withDatabase(settings, migrationRole: true) { database in
            let migrator = try Migrator(directory: try Migrator.locateDirectory())
            if status {
                let rows = try await migrator.status(client: database.client, logger: database.logger)
                var table = Table(
                    headers: [
                        say(vi: "số", en: "version"), say(vi: "tệp", en: "file"), say(vi: "đã áp dụng", en: "applied"),
                    ])
                for (migration, applied) in rows {
                    table.rows.append([
                        String(migration.version), migration.name,
                        applied.map(moment) ?? say(vi: "còn chờ", en: "pending"),
                    ])
                }
                print(table.render())
                return
            }
            let applied = try await migrator.migrate(client: database.client, logger: database.logger)
            let names = applied.map(\.name).joined(separator: ", ")
            print(
                applied.isEmpty
                    ? say(
                        vi: "Cơ sở dữ liệu đã mới nhất (\(migrator.migrations.count) bản chuyển đổi).",
                        en: "Database is up to date (\(migrator.migrations.count) migrations).")
                    : say(vi: "Đã áp dụng: \(names)", en: "Applied: \(names)"))
        }
    }
}
