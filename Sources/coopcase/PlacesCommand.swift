import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation

struct PlacesCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "places",
        vi: "Đơn vị hành chính, đơn vị kế thừa sau sắp xếp, và chuyển địa chỉ trong sổ đăng ký sang đơn vị hiện hành.",
        en: "Administrative units, their successors after reorganisations, and moving registry addresses to today's.",
        subcommands: [List.self, Import.self, Remap.self])

    struct List: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Các đơn vị đã biết và đơn vị kế thừa.", en: "The known units and their successors.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let settings = try await Settings.load(options)
            let catalogue = try await withDatabase(settings) { service in
                _ = try await requireActor(settings, service)
                return try await service.places.catalogue()
            }
            var table = Table(
                headers: [
                    say(vi: "mã", en: "code"), say(vi: "cấp", en: "level"), say(vi: "tên", en: "name"),
                    say(vi: "đến hết", en: "valid to"), say(vi: "kế thừa", en: "successors"),
                ])
            for unit in catalogue.units.values.sorted(by: { $0.code < $1.code }) {
                let next = catalogue.successions.filter { $0.from == unit.code }.map { "\($0.to) (\($0.effective))" }
                table.rows.append([
                    unit.code, unit.level.rawValue, unit.name, unit.validTo?.description ?? "",
                    next.joined(separator: ", "),
                ])
            }
            print(table.render())
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Nhập đơn vị hành chính từ tệp CSV (cột: \(UnitCatalogueCSV.header.joined(separator: ","))).",
            en: "Import administrative units from CSV (columns: \(UnitCatalogueCSV.header.joined(separator: ","))).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Tệp CSV.", en: "The CSV file.")) var file: String

        func run() async throws {
            let settings = try await Settings.load(options)
            let language = CLILanguage.current
            let text = try readText(file)
            do {
                let count = try await withDatabase(settings) { service in
                    try await service.places.importFile(text, by: try await requireActor(settings, service))
                }
                print(say(vi: "Đã nhập \(count) đơn vị.", en: "Imported \(count) units."))
            } catch FileImportError.invalidLines(let problems) {
                for problem in problems { printError(problem.text(file: file, language)) }
                printError(say(vi: "Tệp có dòng sai; không nhập gì.", en: "The file has bad lines; nothing imported."))
                throw ExitCode.dataError
            }
        }
    }

    struct Remap: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi:
                "Chuyển địa chỉ ghi theo đơn vị đã sáp nhập, đổi tên sang đơn vị kế thừa; địa chỉ cũ giữ trong lịch sử.",
            en:
                "Move addresses recorded under merged or renamed units to their successors; the old stay in the history."
        )
        @OptionGroup var options: GlobalOptions
        @Flag(help: help(vi: "Chỉ cho biết sẽ chuyển gì.", en: "Only say what would move.")) var dryRun = false

        func run() async throws {
            let settings = try await Settings.load(options)
            let moves = try await withDatabase(settings) { service in
                try await service.places.remap(dryRun: dryRun, by: try await requireActor(settings, service))
            }
            if settings.json { return try printJSON(moves) }
            for move in moves {
                let what = move.changes.map {
                    "\(FieldLabel.text($0.field, CLILanguage.current)): \($0.from ?? "—") → \($0.to ?? "—")"
                }
                print("\(move.code) \(move.name): " + what.joined(separator: "; "))
            }
            print(
                dryRun
                    ? say(
                        vi: "Chạy thử: \(moves.count) địa chỉ sẽ được chuyển.",
                        en: "Dry run: \(moves.count) addresses would move.")
                    : say(vi: "Đã chuyển \(moves.count) địa chỉ.", en: "Moved \(moves.count) addresses."))
        }
    }
}
