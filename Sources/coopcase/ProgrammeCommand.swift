import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation

struct ProgrammeCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "programme", vi: "Chương trình hỗ trợ và ngân sách.", en: "Support programmes and their budgets.",
        subcommands: [
            Add.self, List.self, Show.self, Open.self, Close.self, Budget.self, Rules.self, RuleVersions.self,
        ])

    /// A programme definition file: the same fields as `POST /v1/programmes`.
    struct Definition: Decodable {
        struct Rule: Decodable {
            var rule: String
            var value: Int64?
            var values: [String]?
        }
        var code: String
        var name: LocalizedText
        var kind: ProgrammeKind
        var fiscalYear: Int
        var opensAt: Date
        var closesAt: Date
        var budget: Int64
        var ceilingPerApplication: Int64
        var capPerCooperative: Int64?
        var terms: [String: JSONValue]
        var requiredDocuments: [String]
        var reviewDeadlineWorkingDays: Int
        var rules: [EligibilityRule]

        func programme() throws -> Programme {
            func int(_ key: String) throws -> Int {
                guard case .number(let value)? = terms[key] else {
                    throw DomainError.validation(field: "terms.\(key)", reason: .required)
                }
                // A whole number in range, or refused: Int(1e300) would trap.
                guard let whole = Int(exactly: value), (0...1_000_000_000).contains(whole) else {
                    throw DomainError.validation(field: "terms.\(key)", reason: .unknownValue)
                }
                return whole
            }
            func strings(_ key: String) -> [String] {
                guard case .array(let values)? = terms[key] else { return [] }
                return values.compactMap { if case .string(let text) = $0 { text } else { nil } }
            }
            let programmeTerms: ProgrammeTerms =
                switch kind {
                case .preferentialLoan:
                    .loan(
                        annualRateBasisPoints: try int("annualRateBasisPoints"),
                        maxTermMonths: try int("maxTermMonths"),
                        graceMonths: (try? int("graceMonths")) ?? 0,
                        lender: { if case .string(let text)? = terms["lender"] { text } else { "" } }())
                case .training: .training(sessions: try int("sessions"), capacity: try int("capacity"))
                case .equipmentGrant:
                    .equipment(
                        coFinancingPercent: (try? int("coFinancingPercent")) ?? 0,
                        eligibleItems: strings("eligibleItems"))
                case .digitalBranding: .branding(deliverables: strings("deliverables"))
                }
            return Programme(
                code: code, name: name, kind: kind, fiscalYear: fiscalYear, opensAt: opensAt, closesAt: closesAt,
                budget: budget, ceilingPerApplication: ceilingPerApplication, capPerCooperative: capPerCooperative,
                terms: programmeTerms, requiredDocuments: requiredDocuments,
                reviewDeadlineWorkingDays: reviewDeadlineWorkingDays,
                rules: EligibilityRuleSet(version: 1, rules: rules))
        }
    }

    enum JSONValue: Decodable {
        case number(Double)
        case string(String)
        case array([JSONValue])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let text = try? container.decode(String.self) {
                self = .string(text)
            } else {
                self = .array(try container.decode([JSONValue].self))
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi:
                "Tạo chương trình từ tệp JSON (các trường của POST /v1/programmes). Chương trình bắt đầu ở trạng thái soạn.",
            en: "Define a programme from a JSON file (the fields of POST /v1/programmes). It starts as a draft.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Tệp định nghĩa.", en: "The definition file.")) var file: String

        func run() async throws {
            let settings = try await Settings.load(options)
            guard let data = FileManager.default.contents(atPath: file) else {
                printError(say(vi: "Không đọc được tệp \(file).", en: "Cannot read \(file)."))
                throw ExitCode.noInput
            }
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let programme: Programme
            do {
                programme = try decoder.decode(Definition.self, from: data).programme()
            } catch let error as DecodingError {
                printError("\(file): " + Self.describe(error))
                throw ExitCode.dataError
            }
            try await withDatabase(settings) { service in
                try await service.programmes.create(programme, by: try await requireActor(settings, service))
            }
            print(
                say(
                    vi:
                        "Đã tạo chương trình \(programme.code) (đang soạn). Mở nhận hồ sơ bằng: coopcase programme open \(programme.code)",
                    en:
                        "Created programme \(programme.code) (draft). Open it with: coopcase programme open \(programme.code)"
                ))
        }

        /// Where a definition file went wrong, as a person reads it.
        static func describe(_ error: DecodingError) -> String {
            func path(_ context: DecodingError.Context) -> String {
                context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            }
            switch error {
            case .keyNotFound(let key, let context):
                let field = (path(context).isEmpty ? "" : path(context) + ".") + key.stringValue
                return say(vi: "thiếu trường \(field)", en: "missing field \(field)")
            case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
                let at = path(context)
                return at.isEmpty
                    ? say(vi: "không phải JSON hợp lệ", en: "not valid JSON")
                    : say(vi: "trường \(at) sai kiểu hoặc sai giá trị", en: "field \(at) has the wrong type or value")
            @unknown default:
                return say(vi: "không đọc được tệp", en: "the file cannot be read")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = coopcase.configuration(vi: "Mọi chương trình.", en: "All programmes.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let settings = try await Settings.load(options)
            let programmes = try await withDatabase(settings) { service in
                let actor = try await requireActor(settings, service)
                return try await service.programmes.list(by: actor)
            }
            if settings.json { return try printJSON(programmes) }
            let language = CLILanguage.current
            var table = Table(
                headers: [
                    say(vi: "mã", en: "code"), say(vi: "loại", en: "kind"), say(vi: "trạng thái", en: "status"),
                    say(vi: "ngân sách", en: "budget"), say(vi: "mức tối đa", en: "ceiling"),
                    say(vi: "tên", en: "name"),
                ], numeric: [3, 4])
            for p in programmes {
                table.rows.append([
                    p.code, p.kind.label.text(language), say(p.status.label), groupDigits(p.budget),
                    groupDigits(p.ceilingPerApplication), p.name.text(language),
                ])
            }
            print(table.render())
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Một chương trình với điều kiện và quy tắc (JSON).",
            en: "One programme with its terms and rules (JSON).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Mã chương trình.", en: "Programme code.")) var code: String

        func run() async throws {
            let settings = try await Settings.load(options)
            let programme = try await withDatabase(settings) { service in
                let actor = try await requireActor(settings, service)
                return try await service.programmes.get(code: code, by: actor)
            }
            try printJSON(programme)
        }
    }

    /// Moves a programme's status.
    static func move(_ options: GlobalOptions, _ code: String, to status: ProgrammeStatus) async throws {
        let settings = try await Settings.load(options)
        let programme = try await withDatabase(settings) { service in
            try await service.programmes.setStatus(
                code: code, to: status, by: try await requireActor(settings, service))
        }
        print(
            say(
                vi: "\(programme.code) nay \(programme.status.label.vi).",
                en: "\(programme.code) is now \(programme.status.label.en)."))
    }

    struct Open: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Mở đợt nhận hồ sơ.", en: "Open the call for applications.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Mã chương trình.", en: "Programme code.")) var code: String
        func run() async throws { try await ProgrammeCommand.move(options, code, to: .open) }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Đóng đợt nhận hồ sơ.", en: "Close the call for applications.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Mã chương trình.", en: "Programme code.")) var code: String
        func run() async throws { try await ProgrammeCommand.move(options, code, to: .closed) }
    }

    struct Budget: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Sổ theo dõi ngân sách của chương trình.", en: "The programme's budget ledger.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Mã chương trình.", en: "Programme code.")) var code: String

        func run() async throws {
            let settings = try await Settings.load(options)
            let ledger = try await withDatabase(settings) { service in
                try await requireActor(settings, service).require(.readReports)
                return try await service.programmes.ledger(code: code)
            }
            if settings.json { return try printJSON(ledger) }
            var table = Table(headers: ["", say(vi: "số lượng", en: "amount")], numeric: [1])
            table.rows = [
                [say(vi: "ngân sách", en: "budget"), groupDigits(ledger.limit ?? 0)],
                [say(vi: "đã giữ", en: "reserved"), groupDigits(ledger.reserved)],
                [say(vi: "đã cam kết", en: "committed"), groupDigits(ledger.committed)],
                [say(vi: "đã chi", en: "spent"), groupDigits(ledger.spent)],
                [say(vi: "còn lại", en: "available"), groupDigits(ledger.available ?? 0)],
            ]
            print(table.render())
        }
    }
}
