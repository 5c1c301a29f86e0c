import Foundation

/// What eligibility judged at a submission or resubmission: the rule version with its rules, and the cooperative's
/// facts the rules read, as they were then. Kept in the event's hashed body, so a later edit of the registry or a new
/// rule version cannot change what an auditor sees was judged.
public struct EligibilitySnapshot: Codable, Sendable, Equatable {
    public struct Facts: Codable, Sendable, Equatable {
        public var code: String
        public var kind: CooperativeKind
        public var members: Int
        public var workers: Int
        public var annualRevenue: VND
        /// `YYYY-MM-DD`, in Vietnam.
        public var founded: String
        public var province: AdministrativeUnit
        public var district: AdministrativeUnit?
        public var ward: AdministrativeUnit
        public var readiness: DigitalReadiness
    }

    public var ruleVersion: Int
    public var rules: [EligibilityRule]
    public var cooperative: Facts

    public init(rules: EligibilityRuleSet, cooperative: Cooperative) {
        ruleVersion = rules.version
        self.rules = rules.rules
        self.cooperative = Facts(
            code: cooperative.code.value, kind: cooperative.kind, members: cooperative.members,
            workers: cooperative.workers, annualRevenue: cooperative.annualRevenue,
            founded: CivilDay(cooperative.founded).description, province: cooperative.address.province,
            district: cooperative.address.district, ward: cooperative.address.ward,
            readiness: cooperative.readiness)
    }
}
