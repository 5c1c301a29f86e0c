import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation

struct ApplicationCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "application", vi: "Hồ sơ và mọi thao tác xử lý hồ sơ.", en: "Applications (hồ sơ) and every workflow action.",
        subcommands: [Create.self, List.self, Show.self, History.self, Overdue.self] + ActionCommands.all)

    struct Create: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Tạo hồ sơ nháp. In số tham chiếu và mã tra cứu (chỉ hiện một lần).",
            en: "Start a draft. Prints the reference and the access code (shown once).")
        @OptionGroup var options: GlobalOptions
        @Option(help: help(vi: "Mã chương trình.", en: "Programme code.")) var programme: String
        @Option(
            help: help(
                vi: "Mã số thuế của hợp tác xã (cán bộ lập hồ sơ thay hợp tác xã).",
                en: "Cooperative code (officers applying on a cooperative's behalf)."))
        var cooperative: String?
        @Option(
            help: help(
                vi: "Số đề nghị: đồng, hoặc số chỗ với tập huấn.", en: "Amount requested: VND, or seats for training."))
        var amount: Int64
        @Option(help: help(vi: "Mục đích sử dụng hỗ trợ.", en: "What the support is for.")) var purpose: String
        @Option(help: help(vi: "Mã một giấy tờ đã nộp (lặp lại được).", en: "A supplied document's code (repeatable)."))
        var document: [String] = []
        @Option(
            help: help(
                vi: "Một hạng mục dạng TÊN:SỐ_LƯỢNG:ĐƠN_GIÁ (lặp lại được), ví dụ \"Máy in:1:4500000\".",
                en: "A requested item as NAME:QUANTITY:UNIT_PRICE (repeatable), e.g. \"Máy in:1:4500000\"."))
        var item: [String] = []

        func validate() throws {
            _ = try items()
        }

        func items() throws -> [RequestedItem] {
            try item.map { text -> RequestedItem in
                let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 3, let quantity = Int(parts[1]), let price = Int64(parts[2]) else {
                    printError(
                        say(
                            vi: "--item phải có dạng TÊN:SỐ_LƯỢNG:ĐƠN_GIÁ, ví dụ \"Máy in:1:4500000\".",
                            en: "--item must be NAME:QUANTITY:UNIT_PRICE, e.g. \"Máy in:1:4500000\"."))
                    throw ExitCode.usage
                }
                return RequestedItem(name: parts[0], quantity: quantity, unitPrice: price)
            }
        }

        func run() async throws {
            let settings = try await Settings.load(options)
            let items = try items()
            let (application, code) = try await withDatabase(settings) { service in
                let actor = try await requireActor(settings, service)
                let cooperativeId: UUID
                if let cooperative {
                    guard let found = try await service.cooperatives.find(code: cooperative) else {
                        throw DomainError.notFound(entity: .cooperative, key: cooperative)
                    }
                    cooperativeId = found.id
                } else if let own = actor.cooperativeId {
                    cooperativeId = own
                } else {
                    throw DomainError.validation(field: "cooperative", reason: .required)
                }
                return try await service.applications.create(
                    programmeCode: programme, cooperativeId: cooperativeId,
                    request: ApplicationRequest(amount: amount, purpose: purpose, items: items, documents: document),
                    by: actor, channel: .cli)
            }
            if settings.json {
                struct Created: Encodable {
                    var reference: String
                    var accessCode: String
                    var version: Int
                }
                return try printJSON(
                    Created(reference: application.reference.value, accessCode: code.value, version: 1))
            }
            print(
                say(
                    vi: "Đã tạo hồ sơ nháp \(application.reference). Mã tra cứu (chỉ hiện một lần): \(code.value)",
                    en: "Created \(application.reference) (draft). Access code, shown once: \(code.value)"))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Các hồ sơ bạn được xem, mới nhất trước.", en: "Applications visible to you, newest first.")
        @OptionGroup var options: GlobalOptions
        @Option(help: help(vi: "Mã chương trình.", en: "Programme code.")) var programme: String?
        @Option(
            help: help(vi: "Trạng thái:", en: "State:", choices: ApplicationState.self, \.label, valueName: "state"))
        var state: ApplicationState?
        @Option(help: help(vi: "Nhiều nhất bấy nhiêu hồ sơ (1–200).", en: "At most this many (1–200).")) var limit = 50
        @Option(
            help: help(
                vi: "Tiếp tục sau vị trí này (in ở cuối một trang đầy).",
                en: "Continue after this cursor (printed at the end of a full page)."))
        var cursor: String?

        func validate() throws {
            guard (1...200).contains(limit) else {
                printError(say(vi: "--limit phải từ 1 đến 200.", en: "--limit must be between 1 and 200."))
                throw ExitCode.usage
            }
        }

        func run() async throws {
            let settings = try await Settings.load(options)
            let (page, programmes) = try await withDatabase(settings) { service in
                let page = try await service.applications.list(
                    programmeCode: programme, state: state, limit: limit, cursor: cursor,
                    by: try await requireActor(settings, service))
                let programmes = Dictionary(
                    uniqueKeysWithValues: try await service.programmes.list().map { ($0.id, $0.code) })
                return (page, programmes)
            }
            if settings.json { return try printJSON(page.items) }
            var table = Table(
                headers: [
                    say(vi: "số tham chiếu", en: "reference"), say(vi: "chương trình", en: "programme"),
                    say(vi: "trạng thái", en: "state"), say(vi: "số đề nghị", en: "amount"),
                    say(vi: "phiên bản", en: "version"), say(vi: "cập nhật", en: "updated"),
                ], numeric: [3, 4])
            for a in page.items {
                table.rows.append([
                    a.reference.value, programmes[a.programmeId] ?? "—", say(a.state.label),
                    groupDigits(a.request.amount), String(a.version), day(a.updatedAt),
                ])
            }
            print(table.render())
            if let next = page.nextCursor { print(say(vi: "còn nữa: --cursor \(next)", en: "more: --cursor \(next)")) }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Một hồ sơ và những việc bạn được làm với nó lúc này.",
            en: "One application and what you may do to it now.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: ActionTarget.referenceHelp) var reference: String

        func run() async throws {
            let settings = try await Settings.load(options)
            let (application, allowed, unit, deadline) = try await withDatabase(settings) { service in
                let actor = try await requireActor(settings, service)
                let application = try await service.applications.get(reference: reference, by: actor)
                return (
                    application, try await service.applications.allowedActions(reference: reference, by: actor),
                    try await service.programmes.get(id: application.programmeId).kind.unit,
                    try await service.applications.deadline(of: application)
                )
            }
            if settings.json {
                struct Shown: Encodable {
                    var application: Application
                    var deadline: Deadline?
                    var allowedActions: [Action]
                }
                return try printJSON(Shown(application: application, deadline: deadline, allowedActions: allowed))
            }
            let language = CLILanguage.current
            print(
                "\(application.reference)  \(say(application.state.label))  "
                    + say(vi: "(phiên bản \(application.version))", en: "(version \(application.version))"))
            print(
                say(vi: "Đề nghị: ", en: "Requested: ") + unit.format(application.request.amount, language) + " — "
                    + application.request.purpose)
            if let r = application.recommendation {
                print(
                    say(vi: "Đề xuất: ", en: "Recommendation: ") + say(r.kind.label)
                        + (r.kind == .award ? " " + unit.format(r.amount, language) : "") + " — " + r.reason)
            }
            if let d = application.decision {
                let amount = d.kind == .approve ? " " + unit.format(d.amount, language) : ""
                let code = d.reasonCode.map { " (\(say($0.label)))" } ?? ""
                let basis = say(vi: "căn cứ: ", en: "legal basis: ") + d.legalBasis
                print(
                    say(vi: "Quyết định: ", en: "Decision: ") + say(d.kind.label) + amount + code
                        + " — \(d.reason) [\(basis)]")
            }
            if let deadline, deadline.phase != .stopped {
                print(say(vi: "Hạn giải quyết: ", en: "Decision due: ") + deadlineText(deadline))
            }
            if let info = application.infoRequest {
                print(say(vi: "Yêu cầu bổ sung: ", en: "Information requested: ") + info)
            }
            print(
                say(vi: "Bạn có thể: ", en: "You may: ")
                    + (allowed.isEmpty
                        ? "—" : allowed.map { "\(say($0.label)) (`\($0.rawValue)`)" }.joined(separator: ", ")))
        }
    }

    struct Overdue: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi:
                "Hồ sơ quá hạn: quá hạn giải quyết, hoặc quá 8 giờ làm việc chưa bắt đầu thẩm định; kèm cán bộ phụ trách.",
            en: "Late applications: past their decision day, or not taken up within 8 office hours; with the officer.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let settings = try await Settings.load(options)
            let late = try await withDatabase(settings) { service in
                try await service.applications.overdue(by: try await requireActor(settings, service))
            }
            if settings.json { return try printJSON(late) }
            guard !late.isEmpty else { return print(say(vi: "Không có hồ sơ quá hạn.", en: "Nothing is late.")) }
            var table = Table(
                headers: [
                    say(vi: "hồ sơ", en: "application"), say(vi: "hợp tác xã", en: "cooperative"),
                    say(vi: "tình trạng", en: "state"), say(vi: "hạn", en: "due"),
                    say(vi: "trễ (ngày làm việc)", en: "late (working days)"), say(vi: "phụ trách", en: "officer"),
                ],
                numeric: [4])
            for item in late {
                let due =
                    item.clock == .intake
                    ? moment(item.dueAt) + say(vi: " (tiếp nhận)", en: " (intake)") : day(item.dueAt)
                table.rows.append([
                    item.reference, item.cooperative, say(item.state.label), due, String(item.workingDaysLate),
                    item.assignee ?? say(vi: "chưa phân công", en: "unassigned"),
                ])
            }
            print(table.render())
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Nhật ký kiểm toán của một hồ sơ.", en: "The audit events of one application.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: ActionTarget.referenceHelp) var reference: String

        func run() async throws {
            let settings = try await Settings.load(options)
            let events = try await withDatabase(settings) { service in
                try await service.applications.events(
                    reference: reference, by: try await requireActor(settings, service))
            }
            if settings.json {
                return try printJSON(events.map { String(decoding: $0.body, as: UTF8.self) })
            }
            var table = Table(
                headers: [
                    "#", say(vi: "thời điểm", en: "at"), say(vi: "thao tác", en: "action"),
                    say(vi: "người thực hiện", en: "by"), say(vi: "vai trò", en: "role"), say(vi: "kênh", en: "via"),
                    say(vi: "trạng thái", en: "state"), say(vi: "mã băm", en: "hash"),
                ], numeric: [0])
            for e in events {
                table.rows.append([
                    String(e.seq), moment(e.at), say(e.action.label), e.actorUsername, say(e.role.label),
                    say(e.channel.label), "\(e.from.map { say($0.label) } ?? "—") → \(say(e.to.label))",
                    AuditCheckpoint.hex(e.hash.prefix(8)),
                ])
            }
            print(table.render())
        }
    }
}

// The help lists each value with its meaning in the run's language; argument-parser's own English list is left out.
extension ApplicationState: ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
}
extension RejectionReason: ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
}
