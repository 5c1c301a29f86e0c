/// A change to a budget ledger, in the programme's unit.
public struct LedgerDelta: Sendable, Equatable, Codable {
    public var reserved: Int64
    public var committed: Int64
    public var spent: Int64

    public init(reserved: Int64 = 0, committed: Int64 = 0, spent: Int64 = 0) {
        self.reserved = reserved
        self.committed = committed
        self.spent = spent
    }

    public static let zero = LedgerDelta()
    public var total: Int64 { reserved + committed + spent }
    public var isZero: Bool { self == .zero }

    public static func - (lhs: LedgerDelta, rhs: LedgerDelta) -> LedgerDelta {
        LedgerDelta(
            reserved: lhs.reserved - rhs.reserved, committed: lhs.committed - rhs.committed,
            spent: lhs.spent - rhs.spent)
    }
}

/// A programme's (or one cooperative's share of a programme's) budget position.
/// Invariant: every bucket ≥ 0 and reserved + committed + spent ≤ limit.
public struct BudgetLedger: Sendable, Equatable, Codable {
    public var limit: Int64?
    public var reserved: Int64
    public var committed: Int64
    public var spent: Int64

    public init(limit: Int64?, reserved: Int64 = 0, committed: Int64 = 0, spent: Int64 = 0) {
        self.limit = limit
        self.reserved = reserved
        self.committed = committed
        self.spent = spent
    }

    public var used: Int64 { reserved + committed + spent }
    public var available: Int64? { limit.map { $0 - used } }

    public var holdsInvariant: Bool {
        reserved >= 0 && committed >= 0 && spent >= 0 && (limit.map { used <= $0 } ?? true)
    }

    /// Applies `delta`, or says why it does not fit. The database enforces the same rule atomically.
    public func applying(_ delta: LedgerDelta, isCooperativeCap: Bool = false) throws(DomainError) -> BudgetLedger {
        let next = BudgetLedger(
            limit: limit, reserved: reserved + delta.reserved, committed: committed + delta.committed,
            spent: spent + delta.spent)
        guard next.holdsInvariant else {
            if isCooperativeCap {
                throw .cooperativeCapExceeded(cap: limit ?? 0, used: used, requested: delta.total)
            }
            throw .budgetExhausted(requested: delta.total, available: available ?? 0)
        }
        return next
    }
}
