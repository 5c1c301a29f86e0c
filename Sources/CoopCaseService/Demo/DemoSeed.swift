import CoopCaseDomain
internal import CoopCasePostgres
import Foundation

/// The Kinh Môn demo: 52 cooperatives with the article's totals (1,242 members, 708 workers, 468 million VND
/// average revenue), the four kinds of programme, and applications in every state made through the use cases.
public struct DemoSeed: Sendable {
    public static let members = 1_242
    public static let workers = 708
    public static let averageRevenue: VND = 468_000_000
    public static let cooperativeCount = 52
    /// The legal basis the demo's decisions cite: an example, said to be one, not a document that exists.
    public static let exampleBasis = "Văn bản ví dụ của dữ liệu minh hoạ (không phải văn bản có thật)"

    public struct Report: Sendable, Codable {
        public var cooperativesCreated = 0
        public var usersCreated: [String] = []
        /// Passwords of the users created by this run; they are not stored anywhere else.
        public var passwords: [String: String] = [:]
        public var programmesCreated = 0
        public var applicationsCreated = 0
    }

    /// Makes a password and its hash for each demo user created (nil: users without passwords).
    public typealias PasswordIssuer = @Sendable () async throws -> (password: String, hash: String)

    let service: CoopCase
    let passwords: PasswordIssuer?
    var database: Database { service.database }

    public init(service: CoopCase, passwords: PasswordIssuer? = nil) {
        self.service = service
        self.passwords = passwords
    }

    private func createUser(
        _ username: String, _ name: String, _ role: Role, cooperativeId: UUID? = nil, report: inout Report
    ) async throws {
        let issued = try await passwords?()
        try await database.users.create(
            username: username, displayName: name, role: role, cooperativeId: cooperativeId, passwordHash: issued?.hash)
        report.usersCreated.append(username)
        if let issued { report.passwords[username] = issued.password }
    }

    /// Creates what is missing; running it again adds nothing.
    public func run(progress: (@Sendable (Entity, Int, Int) -> Void)? = nil) async throws -> Report {
        var report = Report()
        let now = database.now
        let cooperatives = Self.cooperatives()
        for (index, cooperative) in cooperatives.enumerated() {
            if try await database.cooperatives.find(code: cooperative.code.value) == nil {
                try await service.cooperatives.create(cooperative, by: nil)
                report.cooperativesCreated += 1
            }
            progress?(.cooperative, index + 1, cooperatives.count)
        }
        var actors: [String: Actor] = [:]
        for member in Self.staff {
            if try await database.users.find(username: member.username) == nil {
                try await createUser(member.username, member.name, member.role, report: &report)
            }
            actors[member.username] = try await database.users.actor(username: member.username)
        }
        var applicants: [UUID: Actor] = [:]
        for (index, cooperative) in cooperatives.enumerated() {
            let username = String(format: "htx%02d", index + 1)
            if try await database.users.find(username: username) == nil {
                try await createUser(
                    username, cooperative.name, .applicant, cooperativeId: cooperative.id, report: &report)
            }
            applicants[cooperative.id] = try await database.users.actor(username: username)
        }
        var programmes: [Programme] = []
        for programme in Self.programmes(now: now) {
            if let existing = try await database.programmes.find(code: programme.code) {
                programmes.append(existing)
            } else {
                try await service.programmes.create(programme, by: actors["admin"])
                programmes.append(programme)
                report.programmesCreated += 1
            }
        }
        // The registry as the article found it (2022), moved to today's units; the old addresses stay in each
        // entry's history.
        // Dated before the demo's applications, as a province would have done it after July 2025.
        let remapDay = now.addingTimeInterval(-60 * 86_400)
        let earlier = Database(client: database.client, logger: database.logger, clock: { remapDay })
        if let admin = actors["admin"] {
            try await service.places.install(DemoPlaces.catalogue, by: admin.username)
            _ = try await CoopCase(database: earlier).places.remap(dryRun: false, by: admin)
        }
        guard try await database.applications.count() == 0 else { return report }
        let cast = Cast(actors: actors)
        var planned: [(Cooperative, Programme, ApplicationState)] = []
        var target = 0
        for (index, cooperative) in cooperatives.enumerated() {
            for offset in 0..<2 {
                let programme = programmes[(index + offset * 2) % programmes.count]
                guard programme.rules.firstFailure(for: cooperative, on: now) == nil else { continue }
                planned.append((cooperative, programme, Self.targets[target % Self.targets.count]))
                target += 1
                break
            }
        }
        let clock = DemoClock(now)
        let past = Database(client: database.client, logger: database.logger, clock: { clock.now })
        for (number, (cooperative, programme, state)) in planned.enumerated() {
            guard let applicant = applicants[cooperative.id] else { continue }
            // Start 45 days back (a little later for each application) so even the longest path ends before today.
            clock.set(now.addingTimeInterval(Double(-45 * 86_400 + number * 3 * 3_600)))
            try await DemoSeed(service: CoopCase(database: past), passwords: nil).createApplication(
                cooperative: cooperative, programme: programme, to: state, applicant: applicant, cast: cast,
                variant: number, clock: clock)
            report.applicationsCreated += 1
            progress?(.application, number + 1, planned.count)
        }
        return report
    }

    /// Demo histories are spread over past weeks, a few working days per step, as real cases are.
    final class DemoClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current: Date
        init(_ start: Date) { current = start }
        var now: Date { lock.withLock { current } }
        func set(_ date: Date) { lock.withLock { current = date } }
        func advance(days: Int) { lock.withLock { current = WorkingCalendar().adding(workingDays: days, to: current) } }
    }

    struct Cast {
        let actors: [String: Actor]
        func callAsFunction(_ name: String) -> Actor { actors[name]! }
    }

    private func createApplication(
        cooperative: Cooperative, programme: Programme, to state: ApplicationState, applicant: Actor, cast: Cast,
        variant: Int, clock: DemoClock
    ) async throws {
        let amount: Int64 =
            switch programme.kind {
            case .preferentialLoan: Int64(200 + (variant * 53) % 300) * 1_000_000
            case .training: Int64(1 + variant % 3)
            case .equipmentGrant: Int64(25 + (variant * 7) % 35) * 1_000_000
            case .digitalBranding: Int64(15 + (variant * 5) % 25) * 1_000_000
            }
        let items: [RequestedItem] =
            programme.kind == .equipmentGrant
            ? [
                RequestedItem(name: "Máy tính để bàn", quantity: 2, unitPrice: amount / 4),
                RequestedItem(name: "Bộ phát wifi", quantity: 1, unitPrice: amount / 2),
            ] : []
        let purpose: String =
            switch programme.kind {
            case .preferentialLoan: "Vay vốn đầu tư kho lạnh và phần mềm quản lý bán hàng cho \(cooperative.name)"
            case .training: "Cử cán bộ quản lý tham gia tập huấn chuyển đổi số"
            case .equipmentGrant: "Trang bị máy tính, kết nối internet để ghi chép sổ sách và bán hàng trực tuyến"
            case .digitalBranding: "Xây dựng nhãn hiệu và trang web giới thiệu sản phẩm của hợp tác xã"
            }
        let store = service.applications
        let (draft, _) = try await store.create(
            programmeCode: programme.code, cooperativeId: cooperative.id,
            request: ApplicationRequest(
                amount: amount, purpose: purpose, items: items, documents: programme.requiredDocuments),
            by: applicant, channel: .cli)
        var current = draft
        let officer = variant % 2 == 0 ? cast("canbo.hoa") : cast("canbo.nam")
        let approver = variant % 2 == 0 ? cast("lanhdao.minh") : cast("lanhdao.lan")
        for (step, action) in Self.path(to: state).enumerated() {
            clock.advance(days: 1 + (variant + step) % 4)
            let (actor, input): (Actor, ActionInput) =
                switch action {
                case .submit, .resubmit: (applicant, ActionInput())
                case .withdraw: (applicant, ActionInput(reason: "Hợp tác xã tạm dừng kế hoạch đầu tư"))
                case .startReview: (officer, ActionInput())
                case .requestInfo: (officer, ActionInput(message: "Đề nghị bổ sung báo cáo tài chính năm gần nhất"))
                case .recommend:
                    (
                        officer,
                        ActionInput(reason: "Hồ sơ đầy đủ, phương án khả thi", recommendation: .award, amount: amount)
                    )
                case .approve:
                    (
                        approver,
                        ActionInput(
                            reason: "Đồng ý theo đề xuất của cán bộ thẩm định", amount: amount,
                            legalBasis: Self.exampleBasis)
                    )
                case .reject:
                    (
                        approver,
                        ActionInput(
                            reason: "Phương án chưa khả thi", reasonCode: .infeasiblePlan,
                            legalBasis: Self.exampleBasis)
                    )
                case .cancel: (approver, ActionInput(reason: "Hợp tác xã không ký hợp đồng trong thời hạn"))
                case .fulfil:
                    (
                        programme.kind == .preferentialLoan ? cast("nhcsxh.kinhmon") : officer,
                        fulfilment(programme, amount, variant)
                    )
                case .close: (officer, ActionInput())
                case .create, .update, .returnForReview, .allowFurtherRequest, .reissueCode, .reschedule:
                    (officer, ActionInput())
                }
            current = try await store.perform(
                action, on: current.reference.value, input: input, expectedVersion: current.version, by: actor,
                channel: .cli)
        }
    }

    private func fulfilment(_ programme: Programme, _ amount: Int64, _ variant: Int) -> ActionInput {
        let evidence: FulfilmentEvidence =
            switch programme.kind {
            case .preferentialLoan:
                .loanDisbursement(
                    reference: String(format: "GN-KM-%04d", variant), date: database.now, amount: amount,
                    lender: "Ngân hàng Chính sách xã hội – PGD Kinh Môn")
            case .training: .trainingAttendance(attendees: Int(amount), sessionsAttended: 4)
            case .equipmentGrant:
                .equipmentHandover(
                    items: [
                        HandoverItem(name: "Máy tính để bàn", serialNumber: String(format: "PC-%05d-1", variant)),
                        HandoverItem(name: "Bộ phát wifi", serialNumber: String(format: "WF-%05d", variant)),
                    ], amount: amount)
            case .digitalBranding:
                .brandingDelivery(
                    liveURL: String(format: "https://htx%02d.kinhmon.vn", variant), trademarkNumber: nil, amount: amount
                )
            }
        return ActionInput(evidence: evidence)
    }
}
