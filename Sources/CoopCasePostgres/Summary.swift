import CoopCaseDomain
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
    }

    public var registry: Registry
    public var programmes: [ProgrammeLine]
}
