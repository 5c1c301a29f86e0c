import Foundation

/// Where an application (hồ sơ) stands in the workflow.
public enum ApplicationState: String, Codable, Sendable, CaseIterable {
    case draft
    case submitted
    case underReview
    case needsInfo
    case recommended
    case approved
    case rejected
    case withdrawn
    case fulfilled
    case cancelled
    case closed

    public var isTerminal: Bool { [.rejected, .withdrawn, .cancelled, .closed].contains(self) }

    /// The states the review clock runs in: from submission to the decision, the approver's wait included.
    public static let reviewClockRunning: [ApplicationState] = [.submitted, .underReview, .recommended]

    public var label: LocalizedText {
        switch self {
        case .draft: LocalizedText(vi: "Đang soạn", en: "Draft")
        case .submitted: LocalizedText(vi: "Đã nộp", en: "Submitted")
        case .underReview: LocalizedText(vi: "Đang thẩm định", en: "Under review")
        case .needsInfo: LocalizedText(vi: "Cần bổ sung", en: "Needs information")
        case .recommended: LocalizedText(vi: "Đã đề xuất", en: "Recommended")
        case .approved: LocalizedText(vi: "Đã phê duyệt", en: "Approved")
        case .rejected: LocalizedText(vi: "Bị từ chối", en: "Rejected")
        case .withdrawn: LocalizedText(vi: "Đã rút", en: "Withdrawn")
        case .fulfilled: LocalizedText(vi: "Đã thực hiện", en: "Fulfilled")
        case .cancelled: LocalizedText(vi: "Đã huỷ", en: "Cancelled")
        case .closed: LocalizedText(vi: "Đã đóng", en: "Closed")
        }
    }
}

/// An item requested from an equipment grant.
public struct RequestedItem: Codable, Sendable, Equatable {
    public var name: String
    public var quantity: Int
    public var unitPrice: VND

    public init(name: String, quantity: Int, unitPrice: VND) {
        self.name = name
        self.quantity = quantity
        self.unitPrice = unitPrice
    }
}

/// What an applicant asks for; `amount` is in the programme's unit (VND, or seats for training).
public struct ApplicationRequest: Codable, Sendable, Equatable {
    public var amount: Int64
    public var purpose: String
    public var items: [RequestedItem]
    /// Codes of the documents supplied with the dossier.
    public var documents: [String]

    public init(amount: Int64, purpose: String, items: [RequestedItem] = [], documents: [String] = []) {
        self.amount = amount
        self.purpose = purpose
        self.items = items
        self.documents = documents
    }

    public func validate() throws(DomainError) {
        if amount <= 0 { throw .validation(field: "amount", reason: .positive) }
        if purpose.trimmed().isEmpty {
            throw .validation(field: "purpose", reason: .required)
        }
        if purpose.count > 4000 { throw .validation(field: "purpose", reason: .tooLong) }
        for (index, item) in items.enumerated() {
            if item.name.isEmpty { throw .validation(field: "items[\(index)].name", reason: .required) }
            if item.quantity <= 0 { throw .validation(field: "items[\(index)].quantity", reason: .positive) }
            if item.unitPrice < 0 { throw .validation(field: "items[\(index)].unitPrice", reason: .notNegative) }
        }
    }
}

public enum RecommendationKind: String, Codable, Sendable, CaseIterable {
    case award
    case deny

    public var label: LocalizedText {
        switch self {
        case .award: LocalizedText(vi: "đề xuất hỗ trợ", en: "award")
        case .deny: LocalizedText(vi: "đề xuất không hỗ trợ", en: "deny")
        }
    }
}

public struct Recommendation: Codable, Sendable, Equatable {
    public var kind: RecommendationKind
    /// Awarded amount in the programme's unit; 0 for a denial.
    public var amount: Int64
    public var reason: String
    public var by: UUID

    public init(kind: RecommendationKind, amount: Int64, reason: String, by: UUID) {
        self.kind = kind
        self.amount = amount
        self.reason = reason
        self.by = by
    }
}

public enum DecisionKind: String, Codable, Sendable, CaseIterable {
    case approve
    case reject

    public var label: LocalizedText {
        switch self {
        case .approve: LocalizedText(vi: "phê duyệt", en: "approved")
        case .reject: LocalizedText(vi: "từ chối", en: "rejected")
        }
    }
}

/// Catalogue of reasons an approver may cite when rejecting.
public enum RejectionReason: String, Codable, Sendable, CaseIterable {
    case notEligible
    case incompleteDossier
    case infeasiblePlan
    case duplicateSupport
    case budgetPriorities
    case other

    public var label: LocalizedText {
        switch self {
        case .notEligible: LocalizedText(vi: "Không đủ điều kiện", en: "Not eligible")
        case .incompleteDossier: LocalizedText(vi: "Hồ sơ không đầy đủ", en: "Incomplete dossier")
        case .infeasiblePlan: LocalizedText(vi: "Phương án không khả thi", en: "Plan not feasible")
        case .duplicateSupport: LocalizedText(vi: "Đã nhận hỗ trợ tương tự", en: "Already supported")
        case .budgetPriorities: LocalizedText(vi: "Ưu tiên ngân sách", en: "Budget priorities")
        case .other: LocalizedText(vi: "Lý do khác", en: "Other")
        }
    }
}

public struct Decision: Codable, Sendable, Equatable {
    public var kind: DecisionKind
    public var amount: Int64
    public var reason: String
    public var reasonCode: RejectionReason?
    public var legalBasis: String
    public var by: UUID

    public init(
        kind: DecisionKind, amount: Int64, reason: String, reasonCode: RejectionReason?, legalBasis: String,
        by: UUID
    ) {
        self.kind = kind
        self.amount = amount
        self.reason = reason
        self.reasonCode = reasonCode
        self.legalBasis = legalBasis
        self.by = by
    }
}

/// Proof that approved support was delivered; its shape depends on the programme's kind.
public enum FulfilmentEvidence: Codable, Sendable, Equatable {
    case loanDisbursement(reference: String, date: Date, amount: VND, lender: String)
    case trainingAttendance(attendees: Int, sessionsAttended: Int)
    case equipmentHandover(items: [HandoverItem], amount: VND)
    case brandingDelivery(liveURL: String, trademarkNumber: String?, amount: VND)

    public var kind: ProgrammeKind {
        switch self {
        case .loanDisbursement: .preferentialLoan
        case .trainingAttendance: .training
        case .equipmentHandover: .equipmentGrant
        case .brandingDelivery: .digitalBranding
        }
    }

    /// What is actually spent, in the programme's unit.
    public var spent: Int64 {
        switch self {
        case .loanDisbursement(_, _, let amount, _): amount
        case .trainingAttendance(let attendees, _): Int64(attendees)
        case .equipmentHandover(_, let amount): amount
        case .brandingDelivery(_, _, let amount): amount
        }
    }

    func validate() throws(DomainError) {
        switch self {
        case .loanDisbursement(let reference, _, let amount, let lender):
            if reference.isEmpty { throw .validation(field: "evidence.reference", reason: .required) }
            if lender.isEmpty { throw .validation(field: "evidence.lender", reason: .required) }
            if amount <= 0 { throw .validation(field: "evidence.amount", reason: .positive) }
        case .trainingAttendance(let attendees, let sessions):
            if attendees <= 0 { throw .validation(field: "evidence.attendees", reason: .positive) }
            if sessions < 0 { throw .validation(field: "evidence.sessionsAttended", reason: .notNegative) }
        case .equipmentHandover(let items, let amount):
            if items.isEmpty { throw .validation(field: "evidence.items", reason: .required) }
            for (index, item) in items.enumerated() where item.serialNumber.isEmpty || item.name.isEmpty {
                throw .validation(field: "evidence.items[\(index)].serialNumber", reason: .required)
            }
            if amount <= 0 { throw .validation(field: "evidence.amount", reason: .positive) }
        case .brandingDelivery(let url, _, let amount):
            guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
                parsed.host != nil
            else { throw .validation(field: "evidence.liveURL", reason: .unknownValue) }
            if amount <= 0 { throw .validation(field: "evidence.amount", reason: .positive) }
        }
    }
}

public struct HandoverItem: Codable, Sendable, Equatable {
    public var name: String
    public var serialNumber: String

    public init(name: String, serialNumber: String) {
        self.name = name
        self.serialNumber = serialNumber
    }
}

/// An application (hồ sơ) for support under one programme.
public struct Application: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var reference: PublicReference
    public var programmeId: UUID
    public var cooperativeId: UUID
    public var request: ApplicationRequest
    public var state: ApplicationState
    /// Starts at 1; every accepted action increments it (the ETag).
    public var version: Int
    public var ruleVersion: Int?
    public var createdBy: UUID
    public var submittedBy: UUID?
    public var submittedAt: Date?
    public var assignee: UUID?
    public var recommendation: Recommendation?
    public var decision: Decision?
    public var evidence: FulfilmentEvidence?
    /// When the review must be finished; nil while not under the clock.
    public var reviewDueAt: Date?
    /// Set while the clock is paused waiting for the applicant.
    public var clockPausedAt: Date?
    /// When the review must have started: 8 office hours after submission (the intake clock).
    public var intakeDueAt: Date?
    /// When it was approved or rejected: the review clock stopped then.
    public var decidedAt: Date?
    public var infoRequest: String?
    /// The officers who received papers for it at the desk: none of them may recommend or approve it.
    public var receivedBy: [UUID] = []
    /// How many times information was requested; a second time needs an approver's leave.
    public var infoRequests: Int = 0
    /// An approver allowed one more request for information.
    public var furtherRequestAllowed: Bool = false
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, reference: PublicReference, programmeId: UUID, cooperativeId: UUID, request: ApplicationRequest,
        createdBy: UUID, at date: Date
    ) {
        self.id = id
        self.reference = reference
        self.programmeId = programmeId
        self.cooperativeId = cooperativeId
        self.request = request
        self.state = .draft
        self.version = 1
        self.createdBy = createdBy
        self.createdAt = date
        self.updatedAt = date
    }

    /// The review deadline, while the review clock runs: from submission to the decision, the approver's wait
    /// included, not while waiting for the applicant.
    public var runningReviewDeadline: Date? {
        ApplicationState.reviewClockRunning.contains(state) && clockPausedAt == nil ? reviewDueAt : nil
    }

    /// What this application holds in the budget ledger right now.
    public var ledgerHolding: LedgerDelta {
        switch state {
        case .recommended:
            guard let recommendation, recommendation.kind == .award else { return .zero }
            return LedgerDelta(reserved: recommendation.amount)
        case .approved:
            return LedgerDelta(committed: decision?.amount ?? 0)
        case .fulfilled, .closed:
            return LedgerDelta(spent: evidence?.spent ?? 0)
        default:
            return .zero
        }
    }
}
