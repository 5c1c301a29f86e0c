import CoopCaseDomain
import Foundation

/// The demo's data: the town's places and trades, each cooperative's figures (adding up to the article's totals),
/// the programmes, the staff, and the states the applications are taken to.
extension DemoSeed {
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
            let ward = DemoPlaces.old[index % DemoPlaces.old.count]
            let place = ward.name.replacingOccurrences(of: "Phường ", with: "").replacingOccurrences(
                of: "Xã ", with: "")
            let trade = trades[(index * 3 + index / DemoPlaces.old.count) % trades.count]
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
                    ward: ward,
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
}
