import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation

/// What every workflow action command takes: who acts, which application, and the version last read.
struct ActionTarget: ParsableArguments {
    static let referenceHelp = help(
        vi: "Số tham chiếu, ví dụ VAY-2026-000123-3.", en: "Reference, e.g. VAY-2026-000123-3.")

    @OptionGroup var options: GlobalOptions
    @Argument(help: referenceHelp) var reference: String
    @Option(
        help: help(
            vi: "Từ chối nếu hồ sơ không còn ở phiên bản này (có người khác đã thay đổi trước).",
            en: "Refuse if the application is no longer at this version (someone else changed it first)."))
    var ifVersion: Int?
}

/// One workflow action as a command: it declares only the options its action takes, and builds the input.
protocol ActionCommand: AsyncParsableCommand {
    static var action: Action { get }
    var target: ActionTarget { get }
    /// The action's input, given the application as it stands and its programme's kind.
    func input(current: Application, kind: ProgrammeKind) throws -> ActionInput
}

extension ActionCommand {
    /// The command's name and summary, from the workflow table: who may do it and what it needs.
    static func actionConfiguration() -> CommandConfiguration {
        let row = Workflow.transition(for: action)
        let who = row.roles.map { say($0.label) }.joined(separator: ", ")
        return CommandConfiguration(
            commandName: action.rawValue,
            abstract: "\(say(row.action.label).capitalizedFirst) (\(who)): \(say(row.needs)).")
    }

    func run() async throws {
        let settings = try await Settings.load(target.options)
        let application = try await withDatabase(settings) { service in
            let actor = try await requireActor(settings, service)
            let current = try await service.applications.get(reference: target.reference, by: actor)
            let programme = try await service.programmes.get(id: current.programmeId)
            return try await service.applications.perform(
                Self.action, on: target.reference, input: try input(current: current, kind: programme.kind),
                expectedVersion: target.ifVersion, by: actor, channel: .cli)
        }
        if settings.json { return try printJSON(application) }
        print(
            "\(application.reference): \(say(application.state.label)) "
                + say(vi: "(phiên bản \(application.version))", en: "(version \(application.version))"))
    }
}

/// `coopcase application <action> REF [inputs]`: one command per row of the workflow table.
enum ActionCommands {
    static let all: [any ParsableCommand.Type] = [
        Update.self, Submit.self, Withdraw.self, StartReview.self, RequestInfo.self, Resubmit.self, Recommend.self,
        ReturnForReview.self, Approve.self, Reject.self, Fulfil.self, Cancel.self, Close.self,
    ]

    static let reasonHelp = help(vi: "Lý do.", en: "Reason.")
    static let legalBasisHelp = help(
        vi: "Căn cứ pháp lý, ví dụ \"Nghị quyết 12/2025/NQ-HĐND\".",
        en: "Legal basis, e.g. \"Nghị quyết 12/2025/NQ-HĐND\".")

    struct Update: ActionCommand {
        static let action = Action.update
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        @Option(help: help(vi: "Số đề nghị mới.", en: "New requested amount.")) var newAmount: Int64?
        @Option(help: help(vi: "Mục đích mới.", en: "New purpose.")) var purpose: String?
        @Option(
            help: help(
                vi: "Mã giấy tờ đã nộp (lặp lại được; thay cả danh sách).",
                en: "Supplied document code (repeatable; replaces the list)."))
        var document: [String] = []

        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput {
            ActionInput(
                request: ApplicationRequest(
                    amount: newAmount ?? current.request.amount, purpose: purpose ?? current.request.purpose,
                    items: current.request.items, documents: document.isEmpty ? current.request.documents : document))
        }
    }

    struct Submit: ActionCommand {
        static let action = Action.submit
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput { ActionInput() }
    }

    struct Withdraw: ActionCommand {
        static let action = Action.withdraw
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        @Option(help: help(vi: "Lý do rút hồ sơ.", en: "Why the application is withdrawn.")) var reason: String?
        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput { ActionInput(reason: reason) }
    }

    struct StartReview: ActionCommand {
        static let action = Action.startReview
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput { ActionInput() }
    }

    struct RequestInfo: ActionCommand {
        static let action = Action.requestInfo
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        @Option(
            help: help(
                vi: "Nội dung gửi hợp tác xã: cần bổ sung gì và vì sao.",
                en: "Message to the applicant: what is missing and why."))
        var message: String
        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput { ActionInput(message: message) }
    }

    struct Resubmit: ActionCommand {
        static let action = Action.resubmit
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput { ActionInput() }
    }

    /// An officer's recommendation.
    enum Verdict: String, EnumerableFlag {
        case award
        case deny

        static func help(for value: Verdict) -> ArgumentHelp? {
            switch value {
            case .award: coopcase.help(vi: "Đề xuất hỗ trợ (cần --amount).", en: "Recommend an award (needs --amount).")
            case .deny: coopcase.help(vi: "Đề xuất không hỗ trợ.", en: "Recommend a denial.")
            }
        }
    }

    struct Recommend: ActionCommand {
        static let action = Action.recommend
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        @Flag var verdict: Verdict
        @Option(
            help: help(vi: "Số đề xuất hỗ trợ: đồng, hoặc số chỗ.", en: "Amount to award: VND, or seats."))
        var amount: Int64?
        @Option(help: reasonHelp) var reason: String

        func validate() throws {
            if verdict == .award && amount == nil {
                printError(say(vi: "--award cần --amount.", en: "--award needs --amount."))
                throw ExitCode.usage
            }
        }

        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput {
            ActionInput(
                reason: reason, recommendation: verdict == .award ? .award : .deny,
                amount: verdict == .award ? amount : nil)
        }
    }

    struct ReturnForReview: ActionCommand {
        static let action = Action.returnForReview
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        @Option(help: reasonHelp) var reason: String
        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput { ActionInput(reason: reason) }
    }

    struct Approve: ActionCommand {
        static let action = Action.approve
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        @Option(
            help: help(
                vi: "Số phê duyệt (mặc định bằng số đề xuất; không được vượt).",
                en: "Amount approved (default: the recommended amount, which it may not exceed)."))
        var amount: Int64?
        @Option(help: reasonHelp) var reason: String
        @Option(help: legalBasisHelp) var legalBasis: String
        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput {
            ActionInput(reason: reason, amount: amount, legalBasis: legalBasis)
        }
    }

    struct Reject: ActionCommand {
        static let action = Action.reject
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        @Option(
            help: help(
                vi: "Mã lý do từ chối:", en: "Rejection reason code:", choices: RejectionReason.self, \.label,
                valueName: "code"))
        var reasonCode: RejectionReason
        @Option(help: help(vi: "Giải thích thêm.", en: "Further explanation.")) var reason: String?
        @Option(help: legalBasisHelp) var legalBasis: String
        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput {
            ActionInput(reason: reason, reasonCode: reasonCode, legalBasis: legalBasis)
        }
    }

    struct Cancel: ActionCommand {
        static let action = Action.cancel
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        @Option(help: reasonHelp) var reason: String
        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput { ActionInput(reason: reason) }
    }

    struct Close: ActionCommand {
        static let action = Action.close
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput { ActionInput() }
    }
}
