import ArgumentParser
import CoopCaseService
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
        try await withDatabase(settings, migrationRole: true) { service in
            if status {
                let rows = try await service.migrationStatus()
                var table = Table(
                    headers: [
                        say(vi: "số", en: "version"), say(vi: "tệp", en: "file"), say(vi: "đã áp dụng", en: "applied"),
                    ])
                for row in rows {
                    table.rows.append([
                        String(row.version), row.name, row.appliedAt.map(moment) ?? say(vi: "còn chờ", en: "pending"),
                    ])
                }
                print(table.render())
                return
            }
            let applied = try await service.migrate()
            let names = applied.map(\.name).joined(separator: ", ")
            let count = applied.isEmpty ? try await service.migrationStatus().count : applied.count
            print(
                applied.isEmpty
                    ? say(
                        vi: "Cơ sở dữ liệu đã mới nhất (\(count) bản chuyển đổi).",
                        en: "Database is up to date (\(count) migrations).")
                    : say(vi: "Đã áp dụng: \(names)", en: "Applied: \(names)"))
        }
    }
}
