import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import Foundation
import PostgresNIO

/// A programme, a cooperative and its cast, stored in a test database.
public struct World: Sendable {
    public let test: TestDatabase
    public let programme: Programme
    public let cooperative: Cooperative
    public let cast: Fixtures.Cast

    public var database: Database { test.database }
    public var service: CoopCase { test.service }
    public var applications: ApplicationService { test.service.applications }

    public static func make(
        _ test: TestDatabase, kind: ProgrammeKind = .equipmentGrant, budget: Int64 = 1_000_000_000,
        ceiling: Int64 = 200_000_000, cap: Int64? = nil, rules: [EligibilityRule] = [], documents: [String] = [],
        now: Date = Date(), reviewDays: Int = 15
    ) async throws -> World {
        let fixtures = Fixtures(test.database)
        let cooperative = Fixtures.cooperative(serial: Int.random(in: 1...9_000_000))
        try await test.service.cooperatives.create(cooperative, by: nil)
        let cast = try await fixtures.cast(for: cooperative)
        var programme = Fixtures.programme(
            kind: kind, budget: budget, ceiling: ceiling, cap: cap, rules: rules, documents: documents, now: now)
        programme.reviewDeadlineWorkingDays = reviewDays
        try await test.service.programmes.create(programme, by: cast.admin)
        return World(test: test, programme: programme, cooperative: cooperative, cast: cast)
    }

    public func draft(
        amount: Int64 = 100_000_000, documents: [String] = [], cooperative: Cooperative? = nil, by actor: Actor? = nil
    )
        async throws -> Application
    {
        try await applications.create(
            programmeCode: programme.code, cooperativeId: (cooperative ?? self.cooperative).id,
            request: ApplicationRequest(
                amount: amount, purpose: "Mua máy tính và phần mềm kế toán", documents: documents),
            by: actor ?? cast.applicant, channel: .cli
        ).0
    }

    /// Performs `action` with inputs that satisfy its field rules, by whoever normally does it.
    @discardableResult
    public func act(_ action: Action, _ application: Application, amount: Int64 = 100_000_000, by actor: Actor? = nil)
        async throws -> Application
    {
        try await applications.perform(
            action, on: application.reference.value, input: input(for: action, amount: amount),
            expectedVersion: application.version, by: actor ?? performer(of: action), channel: .api)
    }

    public func performer(of action: Action) -> Actor {
        switch action {
        case .create, .update, .submit, .withdraw, .resubmit: cast.applicant
        case .startReview, .requestInfo, .recommend, .close, .reissueCode, .reschedule: cast.officer
        case .fulfil: programme.kind == .preferentialLoan ? cast.lender : cast.officer
        case .returnForReview, .approve, .reject, .cancel, .allowFurtherRequest: cast.approver
        }
    }

    public func input(for action: Action, amount: Int64) -> ActionInput {
        switch action {
        case .requestInfo: ActionInput(message: "Đề nghị bổ sung báo giá thiết bị")
        case .recommend: ActionInput(reason: "Đủ điều kiện", recommendation: .award, amount: amount)
        case .returnForReview, .cancel, .withdraw, .allowFurtherRequest: ActionInput(reason: "Cần xem lại")
        case .approve: ActionInput(reason: "Đồng ý", amount: amount, legalBasis: "Nghị quyết 12/2025/NQ-HĐND tỉnh")
        case .reject: ActionInput(reasonCode: .infeasiblePlan, legalBasis: "Nghị quyết 12/2025/NQ-HĐND tỉnh")
        case .fulfil: ActionInput(evidence: evidence(amount: amount))
        case .update:
            ActionInput(request: ApplicationRequest(amount: amount, purpose: "Cập nhật phương án"))
        default: ActionInput()
        }
    }

    public func evidence(amount: Int64) -> FulfilmentEvidence {
        switch programme.kind {
        case .preferentialLoan:
            .loanDisbursement(reference: "GN-2026-01", date: Date(), amount: amount, lender: "NHCSXH Hải Dương")
        case .training: .trainingAttendance(attendees: Int(amount), sessionsAttended: 4)
        case .equipmentGrant:
            .equipmentHandover(items: [HandoverItem(name: "Máy tính để bàn", serialNumber: "PC-0001")], amount: amount)
        case .digitalBranding:
            .brandingDelivery(liveURL: "https://htx-example.vn", trademarkNumber: "4-2026-01234", amount: amount)
        }
    }

    public func drive(_ application: Application, through actions: [Action], amount: Int64 = 100_000_000) async throws
        -> Application
    {
        var current = application
        for action in actions { current = try await act(action, current, amount: amount) }
        return current
    }

    /// `count` new applications for `amount` each, taken one after another to `underReview`.
    public func underReview(_ count: Int, amount: Int64 = 100_000_000) async throws -> [Application] {
        var made: [Application] = []
        for _ in 0..<count {
            made.append(
                try await drive(try await draft(amount: amount), through: [.submit, .startReview], amount: amount))
        }
        return made
    }

    /// Everything a refused action must leave untouched.
    public struct Snapshot: Equatable, Sendable {
        public var state: String
        public var version: Int
        public var events: Int
        public var ledger: [Int64]
    }

    public func snapshot(_ application: Application) async throws -> Snapshot {
        let rows = try await test.owner.query(
            """
            SELECT a.state, a.version, (SELECT count(*) FROM application_events e WHERE e.application_id = a.id)::int,
                   l.reserved, l.committed, l.spent
            FROM applications a JOIN programme_budgets l ON l.programme_id = a.programme_id
            WHERE a.id = \(application.id)
            """, logger: database.logger)
        for try await (state, version, events, reserved, committed, spent) in rows.decode(
            (String, Int, Int, Int64, Int64, Int64).self)
        {
            return Snapshot(state: state, version: version, events: events, ledger: [reserved, committed, spent])
        }
        throw DomainError.notFound(entity: .application)
    }
}

/// Asserts that `body` is refused with exactly `expected`.
public func refusal(_ body: () async throws -> Void) async -> DomainError? {
    do {
        try await body()
        return nil
    } catch let error as DomainError {
        return error
    } catch {
        return .conflict(entity: .resource, key: String(reflecting: error))
    }
}
