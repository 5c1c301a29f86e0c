import ArgumentParser
import CoopCaseDomain
import CoopCasePostgres
import Foundation

struct ApplicationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "application", abstract: "Applications (hồ sơ) and every workflow action.",
        subcommands: [
            Create.self, List.self, Show.self, History.self,
            Perform<UpdateName>.self, Perform<SubmitName>.self, Perform<WithdrawName>.self,
            Perform<StartReviewName>.self, Perform<RequestInfoName>.self, Perform<ResubmitName>.self,
            Perform<RecommendName>.self, Perform<ReturnForReviewName>.self, Perform<ApproveName>.self,
            Perform<RejectName>.self, Perform<FulfilName>.self, Perform<CancelName>.self, Perform<CloseName>.self,
        ])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a draft. Prints the reference and the access code (shown once).")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Programme code.") var programme: String
        @Option(help: "Cooperative code (officers applying on a cooperative's behalf).") var cooperative: String?
        @Option(help: "Amount requested: VND, or seats for training.") var amount: Int64
        @Option(help: "What the support is for.") var purpose: String
        @Option(help: "A supplied document's code (repeatable).") var document: [String] = []
        @Option(help: "A requested item as NAME:QUANTITY:UNIT_PRICE (repeatable).") var item: [String] = []

        func run() async throws {
            let settings = try await Settings.load(options)
            let items = try item.map { text -> RequestedItem in
                let parts = text.split(separator: ":").map(String.init)
                guard parts.count == 3, let quantity = Int(parts[1]), let price = Int64(parts[2]) else {
                    printError("--item must be NAME:QUANTITY:UNIT_PRICE, e.g. \"Máy in:1:4500000\"")
                    throw ExitCode(64)
                }
                return RequestedItem(name: parts[0], quantity: quantity, unitPrice: price)
            }
            let (application, code) = try await withDatabase(settings) { database in
                let actor = try await requireActor(settings, database)
                let cooperativeId: UUID
                if let cooperative {
                    guard let found = try await database.cooperatives.find(code: cooperative) else {
                        throw DomainError.notFound(entity: "cooperative \(cooperative)")
                    }
                    cooperativeId = found.id
                } else if let own = actor.cooperativeId {
                    cooperativeId = own
                } else {
                    throw DomainError.validation(field: "cooperative", reason: .required)
                }
                return try await database.applications.create(
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
            print("Created \(application.reference) (draft). Access code, shown once: \(code.value)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Applications visible to you, newest first.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Programme code.") var programme: String?
        @Option(help: "State, e.g. underReview.") var state: String?
        @Option(help: "At most this many (1–200).") var limit = 50
        @Option(help: "Continue after this cursor (printed at the end of a full page).") var cursor: String?

        func run() async throws {
            let settings = try await Settings.load(options)
            let parsedState = try state.map { raw -> ApplicationState in
                guard let value = ApplicationState(rawValue: raw) else {
                    printError(
                        "--state must be one of \(ApplicationState.allCases.map(\.rawValue).joined(separator: ", "))")
                    throw ExitCode(64)
                }
                return value
            }
            guard (1...200).contains(limit) else {
                printError("--limit must be between 1 and 200")
                throw ExitCode(64)
            }
            let (page, programmes) = try await withDatabase(settings) { database in
                let page = try await database.applications.list(
                    programmeCode: programme, state: parsedState, limit: limit, cursor: cursor,
                    by: try await requireActor(settings, database))
                let programmes = Dictionary(
                    uniqueKeysWithValues: try await database.programmes.list().map { ($0.id, $0.code) })
                return (page, programmes)
            }
            if settings.json { return try printJSON(page.items) }
            let language = Language(preferring: settings.language)
            var table = Table(
                headers: ["reference", "programme", "state", "amount", "version", "updated"], numeric: [3, 4])
            for a in page.items {
                table.rows.append([
                    a.reference.value, programmes[a.programmeId] ?? "?", a.state.label.text(language),
                    groupDigits(a.request.amount),
                    String(a.version), a.updatedAt.formatted(.iso8601.year().month().day()),
                ])
            }
            print(table.render())
            if let next = page.nextCursor { print("more: --cursor \(next)") }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One application and what you may do to it now.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Reference, e.g. VAY-2026-000123-3.") var reference: String

        func run() async throws {
            let settings = try await Settings.load(options)
            let (application, allowed) = try await withDatabase(settings) { database in
                let actor = try await requireActor(settings, database)
                return (
                    try await database.applications.get(reference: reference, by: actor),
                    try await database.applications.allowedActions(reference: reference, by: actor)
                )
            }
            if settings.json {
                struct Shown: Encodable {
                    var application: Application
                    var allowedActions: [Action]
                }
                return try printJSON(Shown(application: application, allowedActions: allowed))
            }
            let language = Language(preferring: settings.language)
            print(
                "\(application.reference)  \(application.state.label.text(language))  (version \(application.version))")
            print("requested: \(groupDigits(application.request.amount)) — \(application.request.purpose)")
            if let r = application.recommendation {
                print("recommendation: \(r.kind.rawValue) \(groupDigits(r.amount)) — \(r.reason)")
            }
            if let d = application.decision {
                print("decision: \(d.kind.rawValue) \(groupDigits(d.amount)) — \(d.reason) [\(d.legalBasis)]")
            }
            if let due = application.reviewDueAt, [.submitted, .underReview, .needsInfo].contains(application.state) {
                let overdue = application.isReviewOverdue(at: Date())
                print(
                    "review due: \(due.formatted(.iso8601))\(overdue ? (language == .en ? " (overdue)" : " (quá hạn)") : "")"
                )
            }
            if let info = application.infoRequest { print("information requested: \(info)") }
            print("you may: \(allowed.isEmpty ? "—" : allowed.map(\.rawValue).joined(separator: ", "))")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The audit events of one application.")
        @OptionGroup var options: GlobalOptions
        @Argument var reference: String

        func run() async throws {
            let settings = try await Settings.load(options)
            let events = try await withDatabase(settings) { database in
                try await database.applications.events(
                    reference: reference, by: try await requireActor(settings, database))
            }
            if settings.json {
                return try printJSON(events.map { String(decoding: $0.body, as: UTF8.self) })
            }
            var table = Table(headers: ["#", "at", "action", "by", "role", "via", "state", "hash"], numeric: [0])
            for e in events {
                table.rows.append([
                    String(e.seq), e.at.formatted(.iso8601), e.action.rawValue, e.actorUsername, e.role.rawValue,
                    e.channel.rawValue, "\(e.from?.rawValue ?? "—") → \(e.to.rawValue)",
                    e.hash.prefix(8).map { String(format: "%02x", $0) }.joined(),
                ])
            }
            print(table.render())
        }
    }
}

/// Names a workflow action for `Perform`.
protocol ActionName: Sendable {
    static var action: Action { get }
}

enum UpdateName: ActionName { static var action: Action { .update } }
enum SubmitName: ActionName { static var action: Action { .submit } }
enum WithdrawName: ActionName { static var action: Action { .withdraw } }
enum StartReviewName: ActionName { static var action: Action { .startReview } }
enum RequestInfoName: ActionName { static var action: Action { .requestInfo } }
enum ResubmitName: ActionName { static var action: Action { .resubmit } }
enum RecommendName: ActionName { static var action: Action { .recommend } }
enum ReturnForReviewName: ActionName { static var action: Action { .returnForReview } }
enum ApproveName: ActionName { static var action: Action { .approve } }
enum RejectName: ActionName { static var action: Action { .reject } }
enum FulfilName: ActionName { static var action: Action { .fulfil } }
enum CancelName: ActionName { static var action: Action { .cancel } }
enum CloseName: ActionName { static var action: Action { .close } }

/// `coopcase application <action> REF [inputs]`: one command per row of the workflow table.
struct Perform<Name: ActionName>: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
        let row = Workflow.transition(for: Name.action)
        return CommandConfiguration(
            commandName: Name.action.rawValue,
            abstract:
                "\(row.action.label.en.capitalized) (\(row.roles.map(\.rawValue).joined(separator: ", "))): \(row.needs.en)."
        )
    }

    @OptionGroup var options: GlobalOptions
    @Argument(help: "Reference, e.g. VAY-2026-000123-3.") var reference: String
    @Option(help: "Refuse if the application is no longer at this version (optimistic locking).") var ifVersion: Int?
    @Option(help: "Reason (recommend, return, approve, withdraw, cancel, reject).") var reason: String?
    @Option(help: "Message to the applicant (requestInfo).") var message: String?
    @Flag(help: "Recommend an award (recommend).") var award = false
    @Flag(help: "Recommend a denial (recommend).") var deny = false
    @Option(help: "Amount: awarded, approved, or spent/disbursed (fulfil); VND or seats.") var amount: Int64?
    @Option(
        help: "Rejection reason code (reject): \(RejectionReason.allCases.map(\.rawValue).joined(separator: ", ")).")
    var reasonCode: String?
    @Option(help: "Legal basis (approve, reject).") var legalBasis: String?
    @Option(help: "Loan disbursement reference (fulfil).") var disbursement: String?
    @Option(help: "Loan disbursement date YYYY-MM-DD (fulfil; default today).") var date: String?
    @Option(help: "Lender (fulfil, loans).") var lender: String?
    @Option(help: "Attendees (fulfil, training).") var attendees: Int?
    @Option(help: "Sessions attended (fulfil, training).") var sessions: Int?
    @Option(help: "Handed-over item as NAME:SERIAL (fulfil, equipment; repeatable).") var handover: [String] = []
    @Option(help: "Live website URL (fulfil, branding).") var url: String?
    @Option(help: "Trademark number (fulfil, branding).") var trademark: String?
    @Option(help: "New requested amount (update).") var newAmount: Int64?
    @Option(help: "New purpose (update).") var purpose: String?
    @Option(help: "Supplied document code (update; repeatable, replaces the list).") var document: [String] = []

    func run() async throws {
        let settings = try await Settings.load(options)
        let action = Name.action
        if award && deny {
            printError("Give either --award or --deny, not both.")
            throw ExitCode(64)
        }
        let code = try reasonCode.map { raw -> RejectionReason in
            guard let value = RejectionReason(rawValue: raw) else {
                printError(
                    "--reason-code must be one of \(RejectionReason.allCases.map(\.rawValue).joined(separator: ", "))")
                throw ExitCode(64)
            }
            return value
        }
        let application = try await withDatabase(settings) { database in
            let actor = try await requireActor(settings, database)
            let current = try await database.applications.get(reference: reference, by: actor)
            let programme = try await database.programmes.get(id: current.programmeId)
            var input = ActionInput(
                reason: reason, message: message, recommendation: award ? .award : (deny ? .deny : nil), amount: amount,
                reasonCode: code, legalBasis: legalBasis)
            if action == .fulfil { input.evidence = try evidence(for: programme.kind) }
            if action == .update {
                input.request = ApplicationRequest(
                    amount: newAmount ?? current.request.amount, purpose: purpose ?? current.request.purpose,
                    items: current.request.items, documents: document.isEmpty ? current.request.documents : document)
            }
            return try await database.applications.perform(
                action, on: reference, input: input, expectedVersion: ifVersion, by: actor, channel: .cli)
        }
        if settings.json { return try printJSON(application) }
        let language = Language(preferring: settings.language)
        print("\(application.reference): \(application.state.label.text(language)) (version \(application.version))")
    }

    /// Builds the evidence the programme's kind requires, naming the missing option.
    func evidence(for kind: ProgrammeKind) throws -> FulfilmentEvidence {
        func need<T>(_ value: T?, _ option: String) throws -> T {
            guard let value else { throw DomainError.validation(field: "--\(option)", reason: .required) }
            return value
        }
        switch kind {
        case .preferentialLoan:
            let when =
                try date.map { text -> Date in
                    guard let parsed = RegistryCSV.date(text) else {
                        throw DomainError.validation(field: "--date", reason: .unknownValue)
                    }
                    return parsed
                } ?? Date()
            return .loanDisbursement(
                reference: try need(disbursement, "disbursement"), date: when, amount: try need(amount, "amount"),
                lender: try need(lender, "lender"))
        case .training:
            return .trainingAttendance(attendees: try need(attendees, "attendees"), sessionsAttended: sessions ?? 0)
        case .equipmentGrant:
            let items = try handover.map { text -> HandoverItem in
                let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw DomainError.validation(field: "--handover", reason: .unknownValue) }
                return HandoverItem(name: parts[0], serialNumber: parts[1])
            }
            return .equipmentHandover(items: items, amount: try need(amount, "amount"))
        case .digitalBranding:
            return .brandingDelivery(
                liveURL: try need(url, "url"), trademarkNumber: trademark, amount: try need(amount, "amount"))
        }
    }
}
