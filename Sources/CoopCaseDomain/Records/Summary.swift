import Foundation

/// Figures for the province: the registry's size and digital gaps, and each programme's position.
public struct Summary: Codable, Sendable, Equatable {
    public struct Registry: Codable, Sendable, Equatable {
        public var cooperatives: Int
        public var members: Int
        public var workers: Int
        public var totalRevenue: VND
        public var averageRevenue: VND
        public var withComputer: Int
        public var withInternet: Int
        public var withWebsite: Int
        public var withAccountingSoftware: Int
        public var withSalesSoftware: Int

        public init(
            cooperatives: Int, members: Int, workers: Int, totalRevenue: VND, averageRevenue: VND, withComputer: Int,
            withInternet: Int, withWebsite: Int, withAccountingSoftware: Int, withSalesSoftware: Int
        ) {
            self.cooperatives = cooperatives
            self.members = members
            self.workers = workers
            self.totalRevenue = totalRevenue
            self.averageRevenue = averageRevenue
            self.withComputer = withComputer
            self.withInternet = withInternet
            self.withWebsite = withWebsite
            self.withAccountingSoftware = withAccountingSoftware
            self.withSalesSoftware = withSalesSoftware
        }
    }

    public struct ProgrammeLine: Codable, Sendable, Equatable {
        public var code: String
        public var kind: ProgrammeKind
        public var status: ProgrammeStatus
        public var unit: BudgetUnit
        public var budget: Int64
        public var reserved: Int64
        public var committed: Int64
        public var spent: Int64
        public var requested: Int64
        public var recommended: Int64
        public var approved: Int64
        public var applications: [String: Int]
        /// Average working days an application spent in each state it has left.
        public var averageWorkingDays: [String: Double]

        /// Share of the budget reserved, committed or spent, in percent.
        public var utilisation: Double { budget == 0 ? 0 : Double(reserved + committed + spent) * 100 / Double(budget) }

        public init(
            code: String, kind: ProgrammeKind, status: ProgrammeStatus, unit: BudgetUnit, budget: Int64,
            reserved: Int64, committed: Int64, spent: Int64, requested: Int64, recommended: Int64, approved: Int64,
            applications: [String: Int], averageWorkingDays: [String: Double]
        ) {
            self.code = code
            self.kind = kind
            self.status = status
            self.unit = unit
            self.budget = budget
            self.reserved = reserved
            self.committed = committed
            self.spent = spent
            self.requested = requested
            self.recommended = recommended
            self.approved = approved
            self.applications = applications
            self.averageWorkingDays = averageWorkingDays
        }
    }

    public var registry: Registry
    public var programmes: [ProgrammeLine]

    public init(registry: Registry, programmes: [ProgrammeLine]) {
        self.registry = registry
        self.programmes = programmes
    }
}
