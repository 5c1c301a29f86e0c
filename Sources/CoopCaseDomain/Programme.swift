import Foundation

/// The four kinds of support a province offers.
public enum ProgrammeKind: String, Codable, Sendable, CaseIterable {
    case preferentialLoan
    case training
    case equipmentGrant
    case digitalBranding

    /// Prefix of the public references of this kind's applications.
    public var referencePrefix: String {
        switch self {
        case .preferentialLoan: "VAY"
        case .training: "TAP"
        case .equipmentGrant: "TBI"
        case .digitalBranding: "TTH"
        }
    }

    /// Training programmes count seats; the others count VND.
    public var unit: BudgetUnit { self == .training ? .seats : .vnd }

    public var label: LocalizedText {
        switch self {
        case .preferentialLoan: LocalizedText(vi: "Vay vốn ưu đãi", en: "Preferential loan")
        case .training: LocalizedText(vi: "Tập huấn", en: "Training")
        case .equipmentGrant: LocalizedText(vi: "Hỗ trợ trang thiết bị", en: "Equipment grant")
        case .digitalBranding:
            LocalizedText(vi: "Xây dựng thương hiệu, trang web", en: "Brand and website")
        }
    }
}

public enum BudgetUnit: String, Codable, Sendable, CaseIterable {
    case vnd
    case seats

    /// An amount in this unit as people read it: `20.000.000 ₫`, `3 chỗ` (`3 seats`).
    public func format(_ amount: Int64, _ language: Language) -> String {
        switch self {
        case .vnd: formatVND(amount)
        case .seats: "\(groupDigits(amount)) \(language == .en ? "seats" : "chỗ")"
        }
    }
}

public enum ProgrammeStatus: String, Codable, Sendable, CaseIterable {
    case draft
    case open
    case closed
    case archived

    public var label: LocalizedText {
        switch self {
        case .draft: LocalizedText(vi: "đang soạn", en: "draft")
        case .open: LocalizedText(vi: "đang nhận hồ sơ", en: "open")
        case .closed: LocalizedText(vi: "đã đóng", en: "closed")
        case .archived: LocalizedText(vi: "đã lưu trữ", en: "archived")
        }
    }

    /// Programme lifecycle: draft → open → closed → archived (a closed call may reopen).
    public func canMove(to next: ProgrammeStatus) -> Bool {
        switch (self, next) {
        case (.draft, .open), (.open, .closed), (.closed, .open), (.closed, .archived): true
        default: false
        }
    }
}

/// Terms that only make sense for one kind of programme.
public enum ProgrammeTerms: Codable, Sendable, Equatable {
    case loan(annualRateBasisPoints: Int, maxTermMonths: Int, graceMonths: Int, lender: String)
    case training(sessions: Int, capacity: Int)
    case equipment(coFinancingPercent: Int, eligibleItems: [String])
    case branding(deliverables: [String])

    public var kind: ProgrammeKind {
        switch self {
        case .loan: .preferentialLoan
        case .training: .training
        case .equipment: .equipmentGrant
        case .branding: .digitalBranding
        }
    }
}

/// A public support programme and its call for applications.
public struct Programme: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var code: String
    public var name: LocalizedText
    public var kind: ProgrammeKind
    public var fiscalYear: Int
    public var opensAt: Date
    public var closesAt: Date
    public var status: ProgrammeStatus
    /// VND, or seats for training.
    public var budget: Int64
    public var ceilingPerApplication: Int64
    /// Most one cooperative may hold (reserved + committed + spent) in this programme; nil = no cap.
    public var capPerCooperative: Int64?
    public var terms: ProgrammeTerms
    public var requiredDocuments: [String]
    public var reviewDeadlineWorkingDays: Int
    public var rules: EligibilityRuleSet

    public init(
        id: UUID = UUID(), code: String, name: LocalizedText, kind: ProgrammeKind, fiscalYear: Int,
        opensAt: Date, closesAt: Date, status: ProgrammeStatus = .draft, budget: Int64,
        ceilingPerApplication: Int64, capPerCooperative: Int64?, terms: ProgrammeTerms,
        requiredDocuments: [String], reviewDeadlineWorkingDays: Int, rules: EligibilityRuleSet
    ) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.fiscalYear = fiscalYear
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.status = status
        self.budget = budget
        self.ceilingPerApplication = ceilingPerApplication
        self.capPerCooperative = capPerCooperative
        self.terms = terms
        self.requiredDocuments = requiredDocuments
        self.reviewDeadlineWorkingDays = reviewDeadlineWorkingDays
        self.rules = rules
    }

    /// Checks a programme definition before it is stored.
    public func validate() throws(DomainError) {
        let trimmed = code.trimmed(keepingNewlines: true)
        if trimmed.isEmpty { throw .validation(field: "code", reason: .required) }
        if code.count > 40 { throw .validation(field: "code", reason: .tooLong) }
        // Codes appear in addresses, file names and references: capitals, digits and hyphens only.
        guard code.count >= 2, code.utf8.first.map(Self.isCodeStart) == true,
            code.utf8.allSatisfy({ Self.isCodeStart($0) || $0 == UInt8(ascii: "-") })
        else { throw .validation(field: "code", reason: .programmeCodeFormat) }
        if name.vi.isEmpty { throw .validation(field: "name.vi", reason: .required) }
        if name.en.isEmpty { throw .validation(field: "name.en", reason: .required) }
        if terms.kind != kind { throw .validation(field: "terms", reason: .evidenceKind) }
        if budget <= 0 { throw .validation(field: "budget", reason: .positive) }
        if ceilingPerApplication <= 0 { throw .validation(field: "ceilingPerApplication", reason: .positive) }
        if let cap = capPerCooperative, cap <= 0 { throw .validation(field: "capPerCooperative", reason: .positive) }
        if opensAt >= closesAt { throw .validation(field: "closesAt", reason: .windowOrder) }
        if reviewDeadlineWorkingDays <= 0 {
            throw .validation(field: "reviewDeadlineWorkingDays", reason: .positive)
        }
    }

    static func isCodeStart(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Whether a user of `role` may see the programme: a draft is the administration's until it opens.
    public func isVisible(to role: Role) -> Bool {
        status != .draft || [.officer, .approver, .auditor, .admin].contains(role)
    }

    /// Whether applications may be submitted at `date`.
    public func acceptsSubmissions(at date: Date) -> Bool {
        status == .open && date >= opensAt && date < closesAt
    }
}

/// What a programme is known by. Fixed when the programme is created, so it may be kept for the life of a process.
public struct ProgrammeIdentity: Sendable, Hashable {
    public var id: UUID
    public var code: String
    public var kind: ProgrammeKind

    public init(id: UUID, code: String, kind: ProgrammeKind) {
        self.id = id
        self.code = code
        self.kind = kind
    }
}

extension Programme {
    public var identity: ProgrammeIdentity { ProgrammeIdentity(id: id, code: code, kind: kind) }
}
