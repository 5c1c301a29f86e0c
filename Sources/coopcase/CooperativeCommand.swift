import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation

struct CooperativeCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "cooperative", vi: "Sổ đăng ký hợp tác xã.", en: "The cooperative registry.",
        subcommands: [Add.self, List.self, Show.self, Edit.self, History.self, Import.self])

    struct Add: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Đăng ký một hợp tác xã.", en: "Register one cooperative.")
        @OptionGroup var options: GlobalOptions
        @Option(
            help: help(
                vi: "Mã số thuế: 10 chữ số có chữ số kiểm tra, có thể kèm đuôi chi nhánh -NNN.",
                en: "Tax code: 10 digits with check digit, optional -NNN branch."))
        var code: String
        @Option(help: help(vi: "Tên hợp tác xã.", en: "Name, in Vietnamese.")) var name: String
        @Option(
            help: help(vi: "Loại hình:", en: "Kind:", choices: CooperativeKind.self, \.label, valueName: "kind"))
        var kind: CooperativeKind = .cooperative
        @Option(help: help(vi: "Ngành nghề.", en: "Sector of activity.")) var sector: String
        @Option(help: help(vi: "Địa chỉ (số nhà, đường, thôn).", en: "Street address.")) var street: String
        @Option(help: help(vi: "Phường, xã dạng MÃ:TÊN.", en: "Ward or commune as CODE:NAME.")) var ward: String
        @Option(help: help(vi: "Quận, huyện (nếu còn) dạng MÃ:TÊN.", en: "District, where one remains, as CODE:NAME."))
        var district: String?
        @Option(help: help(vi: "Tỉnh, thành phố dạng MÃ:TÊN.", en: "Province as CODE:NAME.")) var province: String
        @Option(help: help(vi: "Số thành viên.", en: "Members.")) var members: Int
        @Option(help: help(vi: "Số lao động.", en: "Workers.")) var workers: Int
        @Option(help: help(vi: "Doanh thu năm (đồng).", en: "Annual revenue in VND.")) var revenue: Int64
        @Option(help: help(vi: "Ngày thành lập, YYYY-MM-DD.", en: "Founding date, YYYY-MM-DD.")) var founded: String
        @Option(help: help(vi: "Người liên hệ.", en: "Contact person.")) var contact: String
        @Option(help: help(vi: "Số điện thoại liên hệ.", en: "Contact phone.")) var phone: String?
        @Option(
            help: help(
                vi: "Công cụ số đang có, cách nhau bằng dấu phẩy:", en: "Comma-separated digital tools it has:",
                choices: ReadinessItem.self, \.label))
        var has = ""

        func validate() throws {
            _ = try tools()
            _ = try foundedDate()
            _ = try unit(ward, "ward")
            _ = try unit(province, "province")
            if let district { _ = try unit(district, "district") }
        }

        func unit(_ text: String, _ field: String) throws -> AdministrativeUnit {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                printError(
                    say(
                        vi: "--\(field) phải có dạng MÃ:TÊN, ví dụ 31:Thành phố Hải Phòng.",
                        en: "--\(field) must be CODE:NAME, e.g. 31:Thành phố Hải Phòng."))
                throw ExitCode.usage
            }
            return AdministrativeUnit(code: parts[0], name: parts[1])
        }

        func tools() throws -> Set<ReadinessItem> {
            let names = has.split(separator: ",").map { $0.trimmed(keepingNewlines: true) }
            return Set(
                try names.map { name in
                    guard let item = ReadinessItem(rawValue: name) else {
                        let known = ReadinessItem.allCases.map(\.rawValue).joined(separator: ",")
                        printError(
                            say(
                                vi: "--has: không có công cụ '\(name)'; dùng \(known).",
                                en: "--has: unknown tool '\(name)'; use \(known)."))
                        throw ExitCode.usage
                    }
                    return item
                })
        }

        func foundedDate() throws -> Date {
            guard let date = RegistryCSV.date(founded) else {
                printError(
                    say(
                        vi: "--founded phải là một ngày có thật, YYYY-MM-DD.",
                        en: "--founded must be a real date, YYYY-MM-DD."))
                throw ExitCode.usage
            }
            return date
        }

        func run() async throws {
            let settings = try await Settings.load(options)
            let tools = try tools()
            let address = Address(
                street: street, ward: try unit(ward, "ward"), district: try district.map { try unit($0, "district") },
                province: try unit(province, "province"))
            let founded = try foundedDate()
            let cooperative = try await withDatabase(settings) { service in
                let cooperative = Cooperative(
                    code: try CooperativeCode(code), name: name, kind: kind, sector: sector, address: address,
                    members: members, workers: workers, annualRevenue: revenue, founded: founded,
                    contact: Contact(person: contact, phone: phone),
                    readiness: DigitalReadiness(
                        computer: tools.contains(.computer), internet: tools.contains(.internet),
                        website: tools.contains(.website), accountingSoftware: tools.contains(.accountingSoftware),
                        salesSoftware: tools.contains(.salesSoftware)))
                try await service.cooperatives.create(cooperative, by: try await requireActor(settings, service))
                return cooperative
            }
            if settings.json { return try printJSON(cooperative) }
            print(
                say(
                    vi: "Đã đăng ký \(cooperative.code) \(cooperative.name).",
                    en: "Registered \(cooperative.code) \(cooperative.name)."))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Tìm trong sổ đăng ký (không phân biệt dấu).", en: "Search the registry (diacritics ignored).")
        @OptionGroup var options: GlobalOptions
        @Argument(
            help: help(
                vi: "Chữ cần tìm trong tên và mã, ví dụ \"hop tac xa an luu\".",
                en: "Text to look for in names and codes, e.g. \"hop tac xa an luu\"."))
        var query: String?
        @Option(help: help(vi: "Nhiều nhất bấy nhiêu dòng (1–1000).", en: "At most this many (1–1000).")) var limit =
            100

        func validate() throws {
            guard (1...1000).contains(limit) else {
                printError(say(vi: "--limit phải từ 1 đến 1000.", en: "--limit must be between 1 and 1000."))
                throw ExitCode.usage
            }
        }

        func run() async throws {
            let settings = try await Settings.load(options)
            let page = try await withDatabase(settings) { service in
                try await requireActor(settings, service).require(.readRegistry)
                return try await service.cooperatives.search(query, limit: limit)
            }
            if settings.json { return try printJSON(page.items) }
            var table = Table(
                headers: [
                    say(vi: "mã số thuế", en: "code"), say(vi: "tên", en: "name"), say(vi: "thành viên", en: "members"),
                    say(vi: "lao động", en: "workers"), say(vi: "doanh thu (đồng)", en: "revenue (VND)"),
                    say(vi: "công cụ số", en: "tools"),
                ], numeric: [2, 3, 4])
            for c in page.items {
                let tools = ReadinessItem.allCases.filter { c.readiness.has($0) }.map { say($0.label) }
                table.rows.append([
                    c.code.value, c.name, String(c.members), String(c.workers), groupDigits(c.annualRevenue),
                    tools.joined(separator: ", "),
                ])
            }
            print(table.render())
            if page.nextCursor != nil {
                print(
                    say(
                        vi: "… còn nữa; hãy tìm hẹp hơn hoặc tăng --limit",
                        en: "… more; narrow the search or raise --limit"))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Một hợp tác xã, theo mã số thuế.", en: "One cooperative, by code.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Mã số thuế.", en: "Tax code.")) var code: String

        func run() async throws {
            let settings = try await Settings.load(options)
            let cooperative = try await withDatabase(settings) { service in
                try await service.cooperatives.find(code: code, by: try await requireActor(settings, service))
            }
            if settings.json { return try printJSON(cooperative) }
            let a = cooperative.address
            let place = [a.street, a.ward.name, a.district?.name, a.province.name].compactMap { $0 }
            let tools = ReadinessItem.allCases.map { "\(say($0.label)) \(cooperative.readiness.has($0) ? "✓" : "✗")" }
            print("\(cooperative.name) (\(cooperative.code)) — \(say(cooperative.kind.label))")
            print(cooperative.sector)
            print(place.joined(separator: ", "))
            print(
                say(vi: "Thành viên ", en: "Members ") + groupDigits(Int64(cooperative.members))
                    + say(vi: ", lao động ", en: ", workers ") + groupDigits(Int64(cooperative.workers))
                    + say(vi: ", doanh thu ", en: ", revenue ") + formatVND(cooperative.annualRevenue))
            print(say(vi: "Công cụ số: ", en: "Digital tools: ") + tools.joined(separator: "  "))
            print(
                say(vi: "Liên hệ: ", en: "Contact: ") + cooperative.contact.person
                    + (cooperative.contact.phone.map { ", \($0)" } ?? ""))
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Nhập sổ đăng ký từ tệp CSV (UTF-8, có hoặc không có BOM; dấu phẩy hoặc chấm phẩy).",
            en: "Import the registry from CSV (UTF-8, with or without BOM; comma or semicolon).",
            discussion: LocalizedText(
                vi: """
                    Các cột: `\(RegistryCSV.header)`
                    Nhận cả tên cột tiếng Việt. Mỗi dòng được kiểm đủ mọi trường và mọi lỗi của dòng đều được báo.
                    Nếu có dòng lỗi thì không nhập gì, trừ khi dùng --skip-invalid.
                    Mã thoát: 0 xong; 65 có dòng bị từ chối (kể cả khi chạy thử --dry-run) hoặc tệp không đúng dạng;
                    66 không đọc được tệp; 2 không có quyền; 3 lỗi cơ sở dữ liệu.
                    """,
                en: """
                    Columns: `\(RegistryCSV.header)`
                    Vietnamese column names are accepted too. Every field of every row is checked, and every problem
                    of a row is reported. Nothing is imported if any row is bad, unless --skip-invalid.
                    Exit codes: 0 done; 65 some rows were refused (a --dry-run too) or the file is malformed;
                    66 the file cannot be read; 2 not permitted; 3 a database problem.
                    """))
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Tệp CSV.", en: "The CSV file.")) var file: String
        @Flag(
            help: help(
                vi: "Kiểm mọi dòng và báo cáo, không nhập gì (thoát 65 nếu có dòng lỗi).",
                en: "Check every row and report, but import nothing (exit 65 if a row is refused)."))
        var dryRun = false
        @Flag(
            help: help(
                vi: "Nhập các dòng đúng và báo các dòng lỗi (thoát 0).",
                en: "Import the good rows and report the bad ones (exit 0)."))
        var skipInvalid = false

        func run() async throws {
            let settings = try await Settings.load(options)
            let language = CLILanguage.current
            guard let data = FileManager.default.contents(atPath: file) else {
                printError(say(vi: "Không đọc được tệp \(file).", en: "Cannot read \(file)."))
                throw ExitCode.noInput
            }
            let rows: [RegistryCSV.Row]
            do {
                rows = try RegistryCSV.parse(data)
            } catch {
                printError("\(file): \(error.text(language))")
                throw ExitCode.dataError
            }
            do {
                let report = try await withDatabase(settings) { service in
                    try await service.cooperatives.importRows(
                        rows, skipInvalid: skipInvalid, dryRun: dryRun, by: try await requireActor(settings, service)
                    ) { done, total in
                        showProgress(
                            say(vi: "đang nhập: \(done)/\(total)", en: "importing: \(done)/\(total)"),
                            done: done == total)
                    }
                }
                if settings.json {
                    try printJSON(report)
                } else {
                    for problem in report.rejected { printError(problem.text(file: file, language)) }
                    let refused = Set(report.rejected.map(\.line)).count
                    print(
                        dryRun
                            ? say(
                                vi:
                                    "Chạy thử: \(report.imported) dòng sẽ được nhập, \(refused) dòng bị từ chối. Không có gì thay đổi.",
                                en:
                                    "Dry run: \(report.imported) rows would be imported, \(refused) refused. Nothing was changed."
                            )
                            : say(
                                vi: "Đã nhập \(report.imported) hợp tác xã; bỏ qua \(refused) dòng.",
                                en: "Imported \(report.imported) cooperatives; \(refused) rows skipped."))
                }
                if dryRun && !report.rejected.isEmpty { throw ExitCode.dataError }
            } catch CooperativeService.ImportError.invalidRows(let problems) {
                for problem in problems { printError(problem.text(file: file, language)) }
                let refused = Set(problems.map(\.line)).count
                printError(
                    say(
                        vi:
                            "\(refused) dòng có lỗi; không nhập gì. Hãy sửa các dòng đó, hoặc dùng --skip-invalid để nhập phần còn lại.",
                        en:
                            "\(refused) bad row(s); nothing was imported. Fix them, or use --skip-invalid to import the rest."
                    ))
                throw ExitCode.dataError
            }
        }
    }
}

extension CooperativeKind: ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
}
