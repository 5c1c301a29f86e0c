// Over 300 lines: most of it is the demo's data (programmes, staff, each cooperative's figures), kept beside the
// code that loads it through the use cases.
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

    static let places = [
        "An Lưu", "Hiệp An", "Hiệp Sơn", "Long Xuyên", "Thái Thịnh", "Phạm Thái", "Duy Tân", "Tân Dân", "Minh Tân",
        "Phú Thứ", "Hoành Sơn", "Hiến Thành", "Thất Hùng", "Lê Ninh", "Bạch Đằng", "Quang Thành", "Lạc Long",
        "Thăng Long", "Thượng Quận", "An Phụ", "Hiệp Hòa", "An Sinh", "Quang Trung", "Phúc Thành", "Tử Lạc", "Minh Hòa",
    ]
    static let trades: [(name: String, sector: String)] = [
        ("Nông nghiệp", "Trồng hành, tỏi"), ("Dịch vụ nông nghiệp", "Dịch vụ thủy lợi, giống, vật tư"),
        ("Chăn nuôi", "Chăn nuôi lợn, gà"), ("Thủy sản", "Nuôi cá nước ngọt"), ("Trồng gừng", "Trồng và sơ chế gừng"),
        ("Dịch vụ điện năng", "Kinh doanh điện"), ("Mây tre đan", "Thủ công mỹ nghệ"), ("Cây ăn quả", "Trồng na, vải"),
    ]

    /// Splits `total` into `count` deterministic, uneven parts that add up exactly.
    static func split(_ total: Int64, into count: Int, seed: UInt64) -> [Int64] {
        var state = seed
        let weights: [UInt64] = (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return 50 + (state >> 33) % 100
        }
        let sum = weights.reduce(0, +)
        var parts = weights.map { Int64(UInt64(total) * $0 / sum) }
        var remainder = total - parts.reduce(0, +)
        var index = 0
        while remainder > 0 {
            parts[index % count] += 1
            remainder -= 1
            index += 1
        }
        return parts
    }

    /// The 52 cooperatives; the same every time.
    public static func cooperatives() -> [Cooperative] {
        let members = split(Int64(Self.members), into: cooperativeCount, seed: 1)
        let workers = split(Int64(Self.workers), into: cooperativeCount, seed: 2)
        let revenueMillions = split(
            averageRevenue / 1_000_000 * Int64(cooperativeCount), into: cooperativeCount, seed: 3)
        return (0..<cooperativeCount).map { index in
            let place = places[index % places.count]
            let trade = trades[(index * 3 + index / places.count) % trades.count]
            var serial = 200_000 + index * 37
            var code = CooperativeCode.completing(String(format: "080%06d", serial))
            while code == nil {
                serial += 1
                code = CooperativeCode.completing(String(format: "080%06d", serial))
            }
            let founded = Calendar(identifier: .gregorian).date(
                from: DateComponents(
                    timeZone: .gmt, year: 1997 + index % 25, month: 1 + index % 12, day: 1 + index % 27))!
            return Cooperative(
                id: UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", index + 1))!, code: code!,
                name: "Hợp tác xã \(trade.name) \(place)", kind: .cooperative, sector: trade.sector,
                address: Address(
                    street: "Thôn \(1 + index % 7)",
                    ward: AdministrativeUnit(code: String(10_600 + index % 26), name: place),
                    district: AdministrativeUnit(code: "292", name: "Thị xã Kinh Môn"),
                    province: AdministrativeUnit(code: "30", name: "Tỉnh Hải Dương")),
                members: Int(members[index]), workers: Int(workers[index]),
                annualRevenue: revenueMillions[index] * 1_000_000, founded: founded,
                contact: Contact(
                    person: "Chủ tịch HĐQT HTX \(place)", phone: String(format: "0220 38%05d", index * 97)),
                readiness: DigitalReadiness(
                    computer: index % 5 < 2, internet: index % 20 < 11, website: index % 13 == 0,
                    accountingSoftware: index % 4 == 0, salesSoftware: index % 8 == 0))
        }
    }

    /// The four programmes of the current fiscal year, open for applications now.
    public static func programmes(now: Date) -> [Programme] {
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        let opens = now.addingTimeInterval(-90 * 86_400)
        let closes = now.addingTimeInterval(90 * 86_400)
        let allKinds: [CooperativeKind] = [.cooperative, .cooperativeUnion, .cooperativeGroup]
        return [
            Programme(
                code: "VAY-CDS-\(year)",
                name: LocalizedText(
                    vi: "Cho vay ưu đãi chuyển đổi số hợp tác xã",
                    en: "Preferential loans for cooperatives' digital transformation"),
                kind: .preferentialLoan, fiscalYear: year, opensAt: opens, closesAt: closes, status: .open,
                budget: 10_000_000_000, ceilingPerApplication: 500_000_000, capPerCooperative: 500_000_000,
                terms: .loan(
                    annualRateBasisPoints: 360, maxTermMonths: 60, graceMonths: 12,
                    lender: "Ngân hàng Chính sách xã hội – PGD Kinh Môn"),
                requiredDocuments: ["phuong-an-vay", "bao-cao-tai-chinh"], reviewDeadlineWorkingDays: 15,
                rules: EligibilityRuleSet(
                    version: 1, rules: [.kindIn(allKinds), .minMembers(7), .minYearsOperating(1)])),
            Programme(
                code: "TAP-CDS-\(year)",
                name: LocalizedText(
                    vi: "Tập huấn chuyển đổi số cho cán bộ quản lý hợp tác xã",
                    en: "Digital transformation training for cooperative managers"),
                kind: .training, fiscalYear: year, opensAt: opens, closesAt: closes, status: .open, budget: 120,
                ceilingPerApplication: 3, capPerCooperative: 3, terms: .training(sessions: 4, capacity: 120),
                requiredDocuments: ["danh-sach-hoc-vien"], reviewDeadlineWorkingDays: 5,
                rules: EligibilityRuleSet(version: 1, rules: [.kindIn(allKinds)])),
            Programme(
                code: "TBI-CDS-\(year)",
                name: LocalizedText(
                    vi: "Hỗ trợ máy tính, thiết bị kết nối và phần mềm",
                    en: "Computers, connectivity and software grants"),
                kind: .equipmentGrant, fiscalYear: year, opensAt: opens, closesAt: closes, status: .open,
                budget: 2_000_000_000, ceilingPerApplication: 60_000_000, capPerCooperative: 60_000_000,
                terms: .equipment(
                    coFinancingPercent: 30,
                    eligibleItems: [
                        "Máy tính để bàn", "Máy tính xách tay", "Máy in", "Bộ phát wifi", "Phần mềm kế toán",
                    ]),
                requiredDocuments: ["bao-gia"], reviewDeadlineWorkingDays: 10,
                rules: EligibilityRuleSet(
                    version: 1, rules: [.kindIn(allKinds), .lacksAny([.computer, .internet, .accountingSoftware])])),
            Programme(
                code: "TTH-CDS-\(year)",
                name: LocalizedText(
                    vi: "Hỗ trợ xây dựng thương hiệu và trang web sản phẩm", en: "Brand and product website support"),
                kind: .digitalBranding, fiscalYear: year, opensAt: opens, closesAt: closes, status: .open,
                budget: 1_500_000_000, ceilingPerApplication: 40_000_000, capPerCooperative: 40_000_000,
                terms: .branding(deliverables: ["Nhận diện thương hiệu", "Trang web sản phẩm", "Đăng ký nhãn hiệu"]),
                requiredDocuments: ["mo-ta-san-pham"], reviewDeadlineWorkingDays: 10,
                rules: EligibilityRuleSet(version: 1, rules: [.kindIn(allKinds), .lacksAny([.website])])),
        ]
    }

    static let staff: [(username: String, name: String, role: Role)] = [
        ("admin", "Quản trị hệ thống", .admin),
        ("canbo.hoa", "Nguyễn Thị Hoa – cán bộ thẩm định", .officer),
        ("canbo.nam", "Trần Văn Nam – cán bộ thẩm định", .officer),
        ("lanhdao.minh", "Phạm Đức Minh – lãnh đạo phê duyệt", .approver),
        ("lanhdao.lan", "Vũ Thị Lan – lãnh đạo phê duyệt", .approver),
        ("thanhtra.son", "Lê Văn Sơn – thanh tra", .auditor),
        ("nhcsxh.kinhmon", "NHCSXH PGD Kinh Môn", .lender),
    ]

    /// Which state each demo application is driven to, cycled over the cooperatives.
    static let targets: [ApplicationState] = [
        .closed, .approved, .underReview, .draft, .recommended, .needsInfo, .submitted, .fulfilled, .rejected,
        .withdrawn, .cancelled,
    ]

    static func path(to state: ApplicationState) -> [Action] {
        switch state {
        case .draft: []
        case .submitted: [.submit]
        case .underReview: [.submit, .startReview]
        case .needsInfo: [.submit, .startReview, .requestInfo]
        case .recommended: [.submit, .startReview, .recommend]
        case .approved: [.submit, .startReview, .recommend, .approve]
        case .rejected: [.submit, .startReview, .reject]
        case .withdrawn: [.submit, .withdraw]
        case .fulfilled: [.submit, .startReview, .recommend, .approve, .fulfil]
        case .cancelled: [.submit, .startReview, .recommend, .approve, .cancel]
        case .closed: [.submit, .startReview, .requestInfo, .resubmit, .recommend, .approve, .fulfil, .close]
        }
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
            _ = try await CoopCase(database: earlier).places.remap(dryRun: false, by: admin)
        }
        let existing = try await applicationCount()
        guard existing == 0 else { return report }
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

    private func applicationCount() async throws -> Int {
        try await database.applications.count()
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
                case .create, .update, .returnForReview: (officer, ActionInput())
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
