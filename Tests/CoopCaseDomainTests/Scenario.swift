import CoopCaseDomain
import Foundation

/// A small world for pure domain tests: a programme, two cooperatives and a cast of users.
struct Scenario {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)  // a Thursday in 2026

    let cooperative: Cooperative
    let otherCooperative: Cooperative
    var programme: Programme
    let applicant = Actor(userId: UUID(), username: "htx", role: .applicant)
    let otherApplicant: Actor
    let officer = Actor(userId: UUID(), username: "officer", role: .officer)
    let officer2 = Actor(userId: UUID(), username: "officer2", role: .officer)
    let approver = Actor(userId: UUID(), username: "approver", role: .approver)
    let auditor = Actor(userId: UUID(), username: "auditor", role: .auditor)
    let lender = Actor(userId: UUID(), username: "lender", role: .lender)
    let admin = Actor(userId: UUID(), username: "admin", role: .admin)

    init(kind: ProgrammeKind = .equipmentGrant, budget: Int64 = 300, ceiling: Int64 = 100, cap: Int64? = nil) {
        cooperative = Self.makeCooperative(serial: 1)
        otherCooperative = Self.makeCooperative(serial: 2)
        otherApplicant = Actor(userId: UUID(), username: "htx2", role: .applicant, cooperativeId: otherCooperative.id)
        let terms: ProgrammeTerms =
            switch kind {
            case .preferentialLoan: .loan(annualRateBasisPoints: 300, maxTermMonths: 24, graceMonths: 3, lender: "VBSP")
            case .training: .training(sessions: 2, capacity: Int(budget))
            case .equipmentGrant: .equipment(coFinancingPercent: 30, eligibleItems: [])
            case .digitalBranding: .branding(deliverables: ["website"])
            }
        programme = Programme(
            code: "T-1", name: LocalizedText(vi: "Thử", en: "Test"), kind: kind, fiscalYear: 2026,
            opensAt: Self.now.addingTimeInterval(-86_400), closesAt: Self.now.addingTimeInterval(86_400 * 30),
            status: .open, budget: budget, ceilingPerApplication: ceiling, capPerCooperative: cap, terms: terms,
            requiredDocuments: ["plan"], reviewDeadlineWorkingDays: 10, rules: EligibilityRuleSet(version: 1, rules: [])
        )
    }

    var applicantActor: Actor {
        var actor = applicant
        actor.cooperativeId = cooperative.id
        return actor
    }

    static func makeCooperative(serial: Int) -> Cooperative {
        var n = serial
        var code = CooperativeCode.completing(String(format: "080%06d", n))
        while code == nil {
            n += 1000
            code = CooperativeCode.completing(String(format: "080%06d", n))
        }
        return Cooperative(
            code: code!, name: "HTX \(serial)", kind: .cooperative, sector: "Nông nghiệp",
            address: Address(
                street: "Thôn 1", ward: AdministrativeUnit(code: "10660", name: "Phường An Lưu"), district: nil,
                province: AdministrativeUnit(code: "30", name: "Hải Dương")),
            members: 24, workers: 14, annualRevenue: 468_000_000, founded: Date(timeIntervalSince1970: 1_262_304_000),
            contact: Contact(person: "Nguyễn Văn A"), readiness: DigitalReadiness())
    }

    func context(_ cooperative: Cooperative? = nil, now: Date = Scenario.now) -> DecisionContext {
        DecisionContext(programme: programme, cooperative: cooperative ?? self.cooperative, now: now)
    }

    func draft(amount: Int64 = 80, documents: [String] = ["plan"]) throws -> Application {
        try Workflow.create(
            id: UUID(), reference: PublicReference(kind: programme.kind, year: 2026, serial: 1),
            request: ApplicationRequest(amount: amount, purpose: "Máy tính cho kế toán", documents: documents),
            by: applicantActor, context: context()
        ).application
    }

    /// Inputs that satisfy each action's field rules.
    func goodInput(for action: Action, amount: Int64 = 80) -> ActionInput {
        switch action {
        case .requestInfo: ActionInput(message: "Bổ sung báo giá")
        case .recommend: ActionInput(reason: "Đủ điều kiện", recommendation: .award, amount: amount)
        case .returnForReview, .cancel, .allowFurtherRequest: ActionInput(reason: "Xem lại")
        case .approve: ActionInput(reason: "Đồng ý", amount: amount, legalBasis: "Nghị quyết 12/2025/NQ-HĐND")
        case .reject: ActionInput(reasonCode: .infeasiblePlan, legalBasis: "Nghị quyết 12/2025/NQ-HĐND")
        case .fulfil: ActionInput(evidence: evidence(amount: amount))
        case .update:
            ActionInput(request: ApplicationRequest(amount: amount, purpose: "Cập nhật", documents: ["plan"]))
        default: ActionInput()
        }
    }

    func evidence(amount: Int64) -> FulfilmentEvidence {
        switch programme.kind {
        case .preferentialLoan:
            .loanDisbursement(reference: "GN-1", date: Scenario.now, amount: amount, lender: "VBSP")
        case .training: .trainingAttendance(attendees: Int(amount), sessionsAttended: 2)
        case .equipmentGrant:
            .equipmentHandover(items: [HandoverItem(name: "Máy tính", serialNumber: "SN1")], amount: amount)
        case .digitalBranding: .brandingDelivery(liveURL: "https://htx.vn", trademarkNumber: nil, amount: amount)
        }
    }

    /// Who normally performs `action`.
    func performer(of action: Action) -> Actor {
        switch action {
        case .create, .update, .submit, .withdraw, .resubmit: applicantActor
        case .startReview, .requestInfo, .recommend, .fulfil, .close, .reissueCode, .reschedule: officer
        case .returnForReview, .approve, .reject, .cancel, .allowFurtherRequest: approver
        }
    }

    /// Drives an application along `actions` with good inputs, failing loudly on any refusal.
    func drive(_ application: Application, through actions: [Action]) throws -> Application {
        var current = application
        for action in actions {
            current = try Workflow.decide(
                action, input: goodInput(for: action), on: current, by: performer(of: action), context: context()
            ).application
        }
        return current
    }
}
