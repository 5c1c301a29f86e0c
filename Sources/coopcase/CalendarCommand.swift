import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "calendar",
        vi: "Lịch ngày làm việc: ngày nghỉ lễ, nghỉ bù, ngày làm bù và căn cứ của từng ngày.",
        en: "The working calendar: public holidays, days in lieu, make-up working days, each with its basis.",
        subcommands: [List.self, Add.self, Remove.self, Import.self, History.self])

    struct List: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Các ngày của lịch (một năm, hoặc mọi năm) và những năm đã có lịch.",
            en: "The calendar's days (one year, or every year) and the years it covers.")
        @OptionGroup var options: GlobalOptions
        @Option(help: help(vi: "Chỉ năm này.", en: "This year only.")) var year: Int?
        @Flag(help: help(vi: "In dạng CSV để sửa rồi nhập lại.", en: "Print as CSV, to edit and import again."))
        var csv = false

        func run() async throws {
            let settings = try await Settings.load(options)
            let (entries, years) = try await withDatabase(settings) { service in
                try await service.calendar.list(year: year, by: try await requireActor(settings, service))
            }
            if csv { return print(CalendarCSV.text(entries), terminator: "") }
            if settings.json {
                struct Listed: Encodable {
                    var years: [Int]
                    var entries: [CalendarEntry]
                }
                return try printJSON(Listed(years: years, entries: entries))
            }
            print(
                say(vi: "Các năm đã có lịch: ", en: "Years covered: ") + years.map(String.init).joined(separator: ", "))
            var table = Table(
                headers: [
                    say(vi: "ngày", en: "day"), say(vi: "loại", en: "kind"), say(vi: "tên", en: "name"),
                    say(vi: "căn cứ", en: "basis"),
                ])
            for entry in entries {
                table.rows.append([
                    entry.day.description,
                    entry.kind == .dayOff ? say(vi: "nghỉ", en: "day off") : say(vi: "làm bù", en: "worked"),
                    say(entry.name), entry.basis,
                ])
            }
            print(table.render())
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Thêm một ngày nghỉ hoặc một ngày làm bù (quản trị).", en: "Add a day off or a make-up day (admin).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Ngày, dạng YYYY-MM-DD.", en: "The day, YYYY-MM-DD.")) var day: String
        @Option(
            help: help(
                vi: "Loại ngày:", en: "The kind of day:", choices: CalendarEntry.Kind.self,
                { $0 == .dayOff ? LocalizedText(vi: "nghỉ", en: "day off") : LocalizedText(vi: "làm bù", en: "worked") }
            ))
        var kind: CalendarEntry.Kind = .dayOff
        @Option(help: help(vi: "Tên tiếng Việt.", en: "Vietnamese name.")) var nameVi: String
        @Option(help: help(vi: "Tên tiếng Anh.", en: "English name.")) var nameEn: String
        @Option(help: help(vi: "Văn bản quy định ngày này.", en: "The document that set it.")) var basis: String

        func validate() throws { _ = try parseDay(day) }

        func run() async throws {
            let settings = try await Settings.load(options)
            let civil = try parseDay(day)
            let entry = CalendarEntry(day: civil, kind: kind, name: LocalizedText(vi: nameVi, en: nameEn), basis: basis)
            try await withDatabase(settings) { service in
                try await service.calendar.add(entry, by: try await requireActor(settings, service))
            }
            print(say(vi: "Đã thêm \(civil).", en: "Added \(civil)."))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Bỏ ngày của lịch (quản trị).", en: "Remove a day's entry (admin).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Ngày, dạng YYYY-MM-DD.", en: "The day, YYYY-MM-DD.")) var day: String

        func validate() throws { _ = try parseDay(day) }

        func run() async throws {
            let settings = try await Settings.load(options)
            let civil = try parseDay(day)
            let removed = try await withDatabase(settings) { service in
                try await service.calendar.remove(civil, by: try await requireActor(settings, service))
            }
            print(say(vi: "Đã bỏ \(civil) (\(removed.name.vi)).", en: "Removed \(civil) (\(removed.name.en))."))
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Thay các ngày của một năm bằng tệp CSV và đánh dấu năm đó đã có lịch (quản trị).",
            en: "Replace a year's days with a CSV file and mark the year covered (admin).",
            discussion: LocalizedText(
                vi: """
                    Các cột: \(CalendarCSV.header.joined(separator: ",")) — kind là dayOff (nghỉ) hoặc workingDay (làm bù,
                    chỉ thứ Bảy, Chủ nhật). Có dòng sai thì không nhập gì và mọi dòng sai đều được báo (thoát 65).
                    `coopcase calendar list --year N --csv` in ra tệp của một năm để sửa.
                    """,
                en: """
                    Columns: \(CalendarCSV.header.joined(separator: ",")) — kind is dayOff or workingDay (a Saturday or
                    Sunday worked). A file with any bad line imports nothing, and every bad line is reported (exit 65).
                    `coopcase calendar list --year N --csv` prints a year's file to edit.
                    """))
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Tệp CSV.", en: "The CSV file.")) var file: String
        @Option(help: help(vi: "Năm của tệp.", en: "The file's year.")) var year: Int
        @Option(
            help: help(vi: "Quyết định đặt lịch của năm.", en: "The decision that set the year's days."))
        var basis: String

        func validate() throws {
            guard LunarCalendar.years.contains(year) else {
                throw ValidationError(say(vi: "Năm phải từ 1900 đến 2199.", en: "The year must be 1900 to 2199."))
            }
        }

        func run() async throws {
            let settings = try await Settings.load(options)
            let language = CLILanguage.current
            let text = try readText(file)
            do {
                let entries = try await withDatabase(settings) { service in
                    try await service.calendar.importYear(
                        year, csv: text, basis: basis, by: try await requireActor(settings, service))
                }
                print(
                    say(
                        vi: "Đã nhập lịch năm \(year): \(entries.count) ngày.",
                        en: "Imported \(year): \(entries.count) days."))
            } catch FileImportError.invalidLines(let problems) {
                for problem in problems { printError(problem.text(file: file, language)) }
                printError(
                    say(
                        vi: "\(Set(problems.map(\.line)).count) dòng có lỗi; không nhập gì.",
                        en: "\(Set(problems.map(\.line)).count) bad line(s); nothing was imported."))
                throw ExitCode.dataError
            }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Ai đã đổi lịch, lúc nào, đổi gì (mới nhất trước).",
            en: "Who changed the calendar, when and how (newest first).")
        @OptionGroup var options: GlobalOptions
        @Option(help: help(vi: "Chỉ năm này.", en: "This year only.")) var year: Int?

        func run() async throws {
            let settings = try await Settings.load(options)
            let changes = try await withDatabase(settings) { service in
                try await service.calendar.changes(year: year, by: try await requireActor(settings, service))
            }
            if settings.json { return try printJSON(changes) }
            var table = Table(
                headers: [
                    say(vi: "lúc", en: "at"), say(vi: "người", en: "by"), say(vi: "thay đổi", en: "change"),
                    say(vi: "năm", en: "year"), say(vi: "ngày", en: "day"),
                ])
            for change in changes {
                table.rows.append([
                    moment(change.at), change.username, change.change, String(change.year),
                    change.day?.description ?? "",
                ])
            }
            print(table.render())
        }
    }
}

extension CalendarEntry.Kind: ExpressibleByArgument {}
