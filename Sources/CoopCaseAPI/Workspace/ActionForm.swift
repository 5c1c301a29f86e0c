import CoopCaseDomain
import Foundation

/// Each workflow action as a form of the workspace: the fields the action needs for a programme's kind, and the
/// submitted values read back into the action's input. Whether the values are acceptable is the domain's to say;
/// this only carries them across, refusing numbers and dates it cannot read.
enum ActionForm {
    enum Kind { case text, textarea, number, date, url, choice, radio }

    struct Field {
        var name: String
        /// The key of its label in `WorkspaceText`.
        var label: String
        var kind: Kind
        var required: Bool
        /// For a choice or radio: (value, label).
        var options: [(String, LocalizedText)] = []
    }

    /// The actions the workspace offers (applicants' own actions are theirs, on their own channel).
    /// (A cooperative's own submissions are theirs; an officer's are the desk's, with what it received.)
    static let offered: Set<Action> = [
        .submit, .resubmit, .startReview, .requestInfo, .recommend, .returnForReview, .approve, .reject, .fulfil,
        .cancel, .close, .allowFurtherRequest, .reschedule,
    ]

    static func fields(for action: Action, kind: ProgrammeKind) -> [Field] {
        switch action {
        case .submit, .resubmit:
            return [
                Field(name: "representative", label: "fieldRepresentative", kind: .text, required: true),
                Field(
                    name: "identityPaper", label: "fieldIdentityPaper", kind: .choice, required: true,
                    options: CounterReceipt.IdentityPaper.allCases.map { ($0.rawValue, $0.label) }),
                Field(name: "papers", label: "fieldPapers", kind: .textarea, required: true),
            ]
        case .allowFurtherRequest:
            return [Field(name: "reason", label: "fieldReason", kind: .textarea, required: true)]
        case .reschedule:
            return [
                Field(name: "promisedOn", label: "fieldPromisedOn", kind: .date, required: true),
                Field(name: "reason", label: "fieldReason", kind: .textarea, required: true),
            ]
        case .requestInfo: return [Field(name: "message", label: "fieldMessage", kind: .textarea, required: true)]
        case .recommend:
            return [
                Field(
                    name: "recommendation", label: "fieldRecommendation", kind: .radio, required: true,
                    options: [
                        ("award", LocalizedText(vi: "Hỗ trợ", en: "Award")),
                        ("deny", LocalizedText(vi: "Không hỗ trợ", en: "Deny")),
                    ]),
                Field(name: "amount", label: "fieldAmount", kind: .number, required: false),
                Field(name: "reason", label: "fieldReason", kind: .textarea, required: true),
            ]
        case .returnForReview, .cancel:
            return [Field(name: "reason", label: "fieldReason", kind: .textarea, required: true)]
        case .approve:
            return [
                Field(name: "amount", label: "fieldAmount", kind: .number, required: true),
                Field(name: "reason", label: "fieldReason", kind: .textarea, required: true),
                Field(name: "legalBasis", label: "fieldLegalBasis", kind: .text, required: true),
            ]
        case .reject:
            return [
                Field(
                    name: "reasonCode", label: "fieldReasonCode", kind: .choice, required: true,
                    options: RejectionReason.allCases.map { ($0.rawValue, $0.label) }),
                Field(name: "reason", label: "fieldReason", kind: .textarea, required: false),
                Field(name: "legalBasis", label: "fieldLegalBasis", kind: .text, required: true),
            ]
        case .fulfil:
            switch kind {
            case .preferentialLoan:
                return [
                    Field(name: "evidenceReference", label: "fieldEvidenceReference", kind: .text, required: true),
                    Field(name: "evidenceDate", label: "fieldEvidenceDate", kind: .date, required: true),
                    Field(name: "amount", label: "fieldAmount", kind: .number, required: true),
                    Field(name: "lender", label: "fieldLender", kind: .text, required: true),
                ]
            case .training:
                return [
                    Field(name: "attendees", label: "fieldAttendees", kind: .number, required: true),
                    Field(name: "sessionsAttended", label: "fieldSessionsAttended", kind: .number, required: true),
                ]
            case .equipmentGrant:
                return [
                    Field(name: "itemName", label: "fieldItemName", kind: .text, required: true),
                    Field(name: "itemSerial", label: "fieldItemSerial", kind: .text, required: true),
                    Field(name: "amount", label: "fieldAmount", kind: .number, required: true),
                ]
            case .digitalBranding:
                return [
                    Field(name: "liveUrl", label: "fieldLiveUrl", kind: .url, required: true),
                    Field(name: "trademarkNumber", label: "fieldTrademarkNumber", kind: .text, required: false),
                    Field(name: "amount", label: "fieldAmount", kind: .number, required: true),
                ]
            }
        default: return []
        }
    }

    /// The action's input from the submitted form.
    static func input(for action: Action, kind: ProgrammeKind, form: FormFields) throws -> ActionInput {
        var input = ActionInput()
        input.reason = form.text("reason")
        input.message = form.text("message")
        input.legalBasis = form.text("legalBasis")
        input.amount = try number(form, "amount")
        if let value = form.text("recommendation") {
            guard let recommendation = RecommendationKind(rawValue: value) else {
                throw DomainError.validation(field: "recommendation", reason: .unknownValue)
            }
            input.recommendation = recommendation
        }
        if let value = form.text("promisedOn") {
            guard let day = CalendarCSV.day(value) else {
                throw DomainError.validation(field: "promisedOn", reason: .unknownValue)
            }
            input.promisedOn = day
        }
        if [.submit, .resubmit].contains(action) {
            // The desk's record: every line of the papers box is one paper received.
            guard let paper = form.text("identityPaper"), let kind = CounterReceipt.IdentityPaper(rawValue: paper)
            else {
                throw DomainError.validation(field: "counter.identityPaper", reason: .required)
            }
            input.counter = CounterReceipt(
                representative: form.text("representative") ?? "", identityPaper: kind,
                papers: (form["papers"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmed() }
                    .filter { !$0.isEmpty })
        }
        if let value = form.text("reasonCode") {
            guard let code = RejectionReason(rawValue: value) else {
                throw DomainError.validation(field: "reasonCode", reason: .unknownValue)
            }
            input.reasonCode = code
        }
        guard action == .fulfil else { return input }
        func need(_ name: String) throws -> String {
            guard let value = form.text(name) else {
                throw DomainError.validation(field: "evidence.\(name)", reason: .required)
            }
            return value
        }
        func needNumber(_ name: String) throws -> Int64 {
            guard let value = try number(form, name) else {
                throw DomainError.validation(field: "evidence.\(name)", reason: .required)
            }
            return value
        }
        switch kind {
        case .preferentialLoan:
            guard let day = CalendarCSV.day(try need("evidenceDate")) else {
                throw DomainError.validation(field: "evidence.date", reason: .unknownValue)
            }
            input.evidence = .loanDisbursement(
                reference: try need("evidenceReference"), date: StatutoryClock.midnight(of: day),
                amount: try needNumber("amount"), lender: try need("lender"))
        case .training:
            input.evidence = .trainingAttendance(
                attendees: Int(clamping: try needNumber("attendees")),
                sessionsAttended: Int(clamping: try needNumber("sessionsAttended")))
        case .equipmentGrant:
            input.evidence = .equipmentHandover(
                items: [HandoverItem(name: try need("itemName"), serialNumber: try need("itemSerial"))],
                amount: try needNumber("amount"))
        case .digitalBranding:
            input.evidence = .brandingDelivery(
                liveURL: try need("liveUrl"), trademarkNumber: form.text("trademarkNumber"),
                amount: try needNumber("amount"))
        }
        return input
    }

    /// A whole number as people type it: digits, optionally grouped with dots, commas or spaces
    /// (`1.000.000`). Anything else, or one beyond Int64, is refused naming the field.
    static func number(_ form: FormFields, _ name: String) throws -> Int64? {
        guard let text = form.text(name) else { return nil }
        let digits = text.filter { ![".", ",", " ", "\u{00A0}"].contains($0) }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int64(digits) else {
            throw DomainError.validation(field: name, reason: .unknownValue)
        }
        return value
    }
}
