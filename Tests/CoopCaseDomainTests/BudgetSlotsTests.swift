import CoopCaseDomain
import Testing

@Suite struct BudgetSlotsTests {
    @Test(arguments: [1, 7, 8, 40, 1_000_000_007] as [Int64])
    func splitSharesAddUpToTheBudget(budget: Int64) {
        let shares = BudgetSlots.split(budget)
        #expect(shares.count == BudgetSlots.count)
        #expect(shares.reduce(0, +) == budget)
        #expect(shares.allSatisfy { $0 >= 0 })
        #expect(Set(shares.dropFirst()).count == 1, "every slot but the first has the same share")
    }

    /// Random slots, targets and growths: a rebalance keeps the budget, never takes what a slot holds, and gives the
    /// target room exactly when the programme as a whole has it.
    @Test func rebalancingKeepsTheBudgetAndWhatEachSlotHolds() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let slots = (0..<BudgetSlots.count).map { _ in
                let limit = Int64.random(in: 0...1_000, using: &generator)
                let used = Int64.random(in: 0...limit, using: &generator)
                let committed = Int64.random(in: 0...used, using: &generator)
                return BudgetLedger(limit: limit, reserved: used - committed, committed: committed)
            }
            let budget = slots.reduce(0) { $0 + $1.limit! }
            let free = slots.reduce(0) { $0 + $1.available! }
            #expect(BudgetSlots.available(slots) == free)
            let target = Int.random(in: 0..<slots.count, using: &generator)
            let growth = Int64.random(in: 0...(free + 50), using: &generator)
            guard let shares = BudgetSlots.rebalance(slots, target: target, growth: growth) else {
                #expect(growth > free)
                continue
            }
            #expect(growth <= free)
            #expect(shares.reduce(0, +) == budget)
            for (slot, share) in zip(slots, shares) { #expect(share >= slot.used) }
            #expect(shares[target] - slots[target].used >= growth)
        }
        #expect(BudgetSlots.rebalance([BudgetLedger(limit: 10)], target: 1, growth: 0) == nil)
    }
}
