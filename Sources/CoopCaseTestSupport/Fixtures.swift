import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import Foundation

/// Builders for the records most tests need, stored through the real stores.
public struct Fixtures: Sendable {
    public let database: Database

    public init(_ database: Database) { self.database = database }

    /// A valid cooperative code from a serial number.
    public static func code(_ serial: Int) -> CooperativeCode {
        var n = serial
        while true {
            if let code = CooperativeCode.completing(String(format: "08%07d", n % 10_000_000)) { return code }
            n += 10_000_000 - 1
        }
    }

    public static func cooperative(
        serial: Int, members: Int = 20, workers: Int = 10, revenue: VND = 468_000_000,
        readiness: DigitalReadiness = DigitalReadiness()
    ) -> Cooperative {
        Cooperative(
            code: code(serial), name: "Hợp tác xã Thử nghiệm \(serial)", kind: .cooperative, sector: "Nông nghiệp",
            address: Address(
                street: "Thôn \(serial)", ward: AdministrativeUnit(code: "10660", name: "Phường An Lưu"),
                district: AdministrativeUnit(code: "292", name: "Thị xã Kinh Môn"),
                province: AdministrativeUnit(code: "30", name: "Tỉnh Hải Dương")),
            members: members, workers: workers, annualRevenue: revenue,
            founded: Date(timeIntervalSince1970: 1_262_304_000), contact: Contact(person: "Nguyễn Văn A"),
            readiness: readiness)
    }

    public static func programme(
        code: String = "P-\(UUID().uuidString.prefix(8))", kind: ProgrammeKind = .equipmentGrant,
        budget: Int64 = 1_000_000_000, ceiling: Int64 = 200_000_000, cap: Int64? = nil, status: ProgrammeStatus = .open,
        rules: [EligibilityRule] = [], documents: [String] = [], now: Date = Date()
    ) -> Programme {
        let terms: ProgrammeTerms =
            switch kind {
            case .preferentialLoan:
                .loan(annualRateBasisPoints: 350, maxTermMonths: 36, graceMonths: 6, lender: "NHCSXH Hải Dương")
            case .training: .training(sessions: 4, capacity: Int(budget))
            case .equipmentGrant: .equipment(coFinancingPercent: 30, eligibleItems: [])
            case .digitalBranding: .branding(deliverables: ["website", "logo"])
            }
        return Programme(
            code: code, name: LocalizedText(vi: "Chương trình \(code)", en: "Programme \(code)"), kind: kind,
            fiscalYear: 2026, opensAt: now.addingTimeInterval(-86_400), closesAt: now.addingTimeInterval(86_400 * 60),
            status: status, budget: budget, ceilingPerApplication: ceiling, capPerCooperative: cap, terms: terms,
            requiredDocuments: documents, reviewDeadlineWorkingDays: 15,
            rules: EligibilityRuleSet(version: 1, rules: rules))
    }

    /// One user of each working role plus an applicant for `cooperative`.
    public struct Cast: Sendable {
        public var admin: Actor
        public var applicant: Actor
        public var officer: Actor
        public var officer2: Actor
        public var approver: Actor
        public var approver2: Actor
        public var auditor: Actor
        public var lender: Actor
    }

    public func cast(for cooperative: Cooperative) async throws -> Cast {
        let users = database.users
        let suffix = String(cooperative.code.value.suffix(6))
        func make(_ name: String, _ role: Role, _ cooperativeId: UUID? = nil) async throws -> Actor {
            try await users.create(
                username: "\(name)\(suffix)", displayName: name, role: role, cooperativeId: cooperativeId
            ).actor
        }
        return Cast(
            admin: try await make("admin", .admin), applicant: try await make("htx", .applicant, cooperative.id),
            officer: try await make("officer", .officer), officer2: try await make("officer2", .officer),
            approver: try await make("approver", .approver), approver2: try await make("approver2", .approver),
            auditor: try await make("auditor", .auditor), lender: try await make("lender", .lender))
    }

    /// An applicant user for another cooperative.
    public func applicant(for cooperative: Cooperative) async throws -> Actor {
        try await database.users.create(
            username: "htx\(cooperative.code.value.suffix(6))", displayName: cooperative.name, role: .applicant,
            cooperativeId: cooperative.id
        ).actor
    }
}
