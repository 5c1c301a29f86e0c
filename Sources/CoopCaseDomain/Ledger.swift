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
    /// Adds money and moves none: the only kind of move that needs room (a reservation, a first commitment).
    public var onlyGrows: Bool { !isZero && reserved >= 0 && committed >= 0 && spent >= 0 }

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

/// A programme's budget held in several slots, each a ledger with its own share of the budget, so decisions that
/// move money in one programme need not wait for one another: each takes a slot with room. The invariant holds
/// per slot, and the shares always add up to the budget, so it holds for the programme. Only unused budget moves
/// between slots; what a slot holds stays there.
public enum BudgetSlots {
    public static let count = 8

    /// Shares of `budget` over `count` slots, the remainder in slot 0.
    public static func split(_ budget: Int64, into count: Int = count) -> [Int64] {
        let share = budget / Int64(count)
        return (0..<count).map { $0 == 0 ? budget - share * Int64(count - 1) : share }
    }

    /// New shares for `slots` giving `target` room for `growth`, the rest of the unused budget spread evenly; nil when
    /// the programme as a whole has no room (its unused budget is then `available(slots)`).
    public static func rebalance(_ slots: [BudgetLedger], target: Int, growth: Int64) -> [Int64]? {
        guard slots.indices.contains(target), growth >= 0 else { return nil }
        let free = available(slots)
        guard free >= growth else { return nil }
        let spread = split(free - growth, into: slots.count)
        // Slot 0 of the spread carries its remainder; give that to the target.
        return slots.indices.map { index in
            let share = index == target ? spread[0] + growth : index == 0 ? spread[target] : spread[index]
            return slots[index].used + share
        }
    }

    public static func available(_ slots: [BudgetLedger]) -> Int64 {
        slots.reduce(0) { $0 + (($1.limit ?? 0) - $1.used) }
    }
}
