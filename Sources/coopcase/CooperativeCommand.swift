import ArgumentParser
import CoopCaseDomain
import CoopCasePostgres
import Foundation

struct CooperativeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cooperative", abstract: "The cooperative registry.",
        subcommands: [Add.self, List.self, Show.self, Import.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register one cooperative.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Tax code: 10 digits with check digit, optional -NNN branch.") var code: String
        @Option(help: "Name, in Vietnamese.") var name: String
        @Option(help: "cooperative, cooperativeUnion, cooperativeGroup, privateEnterprise, householdBusiness.")
        var kind = "cooperative"
        @Option(help: "Sector of activity.") var sector: String
        @Option(help: "Street address.") var street: String
        @Option(help: "Ward as CODE:NAME.") var ward: String
        @Option(help: "District as CODE:NAME.") var district: String?
        @Option(help: "Province as CODE:NAME.") var province: String
        @Option(help: "Members.") var members: Int
        @Option(help: "Workers.") var workers: Int
        @Option(help: "Annual revenue in VND.") var revenue: Int64
        @Option(help: "Founding date, YYYY-MM-DD.") var founded: String
        @Option(help: "Contact person.") var contact: String
        @Option(help: "Contact phone.") var phone: String?
        @Option(
            help: "Comma-separated digital tools it has: computer,internet,website,accountingSoftware,salesSoftware.")
        var has = ""

        func run() async throws {
            let settings = try await Settings.load(options)
            func unit(_ text: String, _ field: String) throws -> AdministrativeUnit {
                let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    printError("--\(field) must be CODE:NAME, e.g. 30:Tỉnh Hải Dương")
                    throw ExitCode(64)
                }
                return AdministrativeUnit(code: parts[0], name: parts[1])
            }
            let tools = Set(has.split(separator: ",").map { $0.trimmed(keepingNewlines: true) })
            let known = Set(ReadinessItem.allCases.map(\.rawValue))
            if let unknown = tools.first(where: { !known.contains($0) }) {
                printError("--has: unknown tool '\(unknown)'; use \(known.sorted().joined(separator: ","))")
                throw ExitCode(64)
            }
            guard let kind = CooperativeKind(rawValue: kind) else {
                printError("--kind must be one of \(CooperativeKind.allCases.map(\.rawValue).joined(separator: ", "))")
                throw ExitCode(64)
            }
            guard let foundedDate = RegistryCSV.date(founded) else {
                printError("--founded must be a date, YYYY-MM-DD")
                throw ExitCode(64)
            }
            let address = Address(
                street: street, ward: try unit(ward, "ward"), district: try district.map { try unit($0, "district") },
                province: try unit(province, "province"))
            let cooperative = try await withDatabase(settings) { database in
                let cooperative = Cooperative(
                    code: try CooperativeCode(code), name: name, kind: kind, sector: sector, address: address,
                    members: members, workers: workers, annualRevenue: revenue, founded: foundedDate,
                    contact: Contact(person: contact, phone: phone),
                    readiness: DigitalReadiness(
                        computer: tools.contains("computer"), internet: tools.contains("internet"),
                        website: tools.contains("website"), accountingSoftware: tools.contains("accountingSoftware"),
                        salesSoftware: tools.contains("salesSoftware")))
                try await database.cooperatives.create(cooperative, by: try await requireActor(settings, database))
                return cooperative
            }
            settings.json ? try printJSON(cooperative) : print("Registered \(cooperative.code) \(cooperative.name).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Search the registry (diacritics ignored).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Text to look for in names and codes, e.g. \"hop tac xa an luu\".") var query: String?
        @Option(help: "At most this many (1–1000).") var limit = 100

        func run() async throws {
            let settings = try await Settings.load(options)
            guard (1...1000).contains(limit) else {
                printError("--limit must be between 1 and 1000")
                throw ExitCode(64)
            }
            let page = try await withDatabase(settings) { database in
                try await requireActor(settings, database).require(.readRegistry)
                return try await database.cooperatives.search(query, limit: limit)
            }
            if settings.json { return try printJSON(page.items) }
            var table = Table(
                headers: ["code", "name", "members", "workers", "revenue (VND)", "tools"], numeric: [2, 3, 4])
            for c in page.items {
                let tools = ReadinessItem.allCases.filter { c.readiness.has($0) }.map(\.rawValue).joined(separator: ",")
                table.rows.append([
                    c.code.value, c.name, String(c.members), String(c.workers), groupDigits(c.annualRevenue), tools,
                ])
            }
            print(table.render())
            if page.nextCursor != nil { print("… more; narrow the search or raise --limit") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One cooperative, by code.")
        @OptionGroup var options: GlobalOptions
        @Argument var code: String

        func run() async throws {
            let settings = try await Settings.load(options)
            let cooperative = try await withDatabase(settings) { database in
                try await database.cooperatives.find(code: code, by: try await requireActor(settings, database))
            }
            if settings.json { return try printJSON(cooperative) }
            let a = cooperative.address
            print(
                """
                \(cooperative.name) (\(cooperative.code)) — \(cooperative.kind.label.text(Language(preferring: settings.language)))
                \(cooperative.sector)
                \([a.street, a.ward.name, a.district?.name, a.province.name].compactMap { $0 }.joined(separator: ", "))
                members \(cooperative.members), workers \(cooperative.workers), revenue \(formatVND(cooperative.annualRevenue))
                tools: \(ReadinessItem.allCases.map { "\($0.rawValue) \(cooperative.readiness.has($0) ? "✓" : "✗")" }.joined(separator: "  "))
                contact: \(cooperative.contact.person)\(cooperative.contact.phone.map { ", \($0)" } ?? "")
                """)
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the registry from CSV (UTF-8, with or without BOM; comma or semicolon).",
            discussion:
                "Columns: \(RegistryCSV.header)\nVietnamese column names are accepted too. Nothing is imported if any row is bad, unless --skip-invalid."
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Check every row and report, but import nothing.") var dryRun = false
        @Flag(help: "Import the good rows and report the bad ones.") var skipInvalid = false

        func run() async throws {
            let settings = try await Settings.load(options)
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("Cannot read \(file).")
                throw ExitCode(66)
            }
            let rows: [RegistryCSV.Row]
            do {
                rows = try RegistryCSV.parse(data)
            } catch {
                printError("\(file): \(error.description)")
                throw ExitCode(65)
            }
            do {
                let report = try await withDatabase(settings) { database in
                    try await database.cooperatives.importRows(
                        rows, skipInvalid: skipInvalid, dryRun: dryRun, by: try await requireActor(settings, database)
                    ) { done, total in showProgress("importing: \(done)/\(total)", done: done == total) }
                }
                if settings.json { return try printJSON(report) }
                for problem in report.rejected {
                    printError("\(file):\(problem.line): \(problem.field): \(problem.reason)")
                }
                print(
                    dryRun
                        ? "Dry run: \(report.imported) rows would be imported, \(report.rejected.count) rejected. Nothing was changed."
                        : "Imported \(report.imported) cooperatives; \(report.rejected.count) rows skipped.")
            } catch CooperativeStore.ImportError.invalidRows(let problems) {
                for problem in problems { printError("\(file):\(problem.line): \(problem.field): \(problem.reason)") }
                printError(
                    "\(problems.count) bad row(s); nothing was imported. Fix them, or use --skip-invalid to import the rest."
                )
                throw ExitCode(65)
            }
        }
    }
}
