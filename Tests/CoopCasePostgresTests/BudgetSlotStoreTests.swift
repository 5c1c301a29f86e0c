import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import PostgresNIO
import Testing

/// A programme's slots as stored: share, reserved, committed, spent.
func budgetSlots(_ world: World) async throws -> [BudgetLedger] {
    var slots: [BudgetLedger] = []
    let rows = try await world.test.owner.query(
        """
        SELECT budget, reserved, committed, spent FROM programme_ledgers
        WHERE programme_id = \(world.programme.id) ORDER BY slot
        """, logger: world.database.logger)
    for try await (budget, reserved, committed, spent) in rows.decode((Int64, Int64, Int64, Int64).self) {
        slots.append(BudgetLedger(limit: budget, reserved: reserved, committed: committed, spent: spent))
    }
    return slots
}

/// What the recommended applications hold, summed by the slot each records.
func heldBySlot(_ world: World) async throws -> [Int64] {
    var held = Array(repeating: Int64(0), count: BudgetSlots.count)
    let rows = try await world.test.owner.query(
        """
        SELECT ledger_slot::int, (recommendation->>'amount')::bigint FROM applications
        WHERE programme_id = \(world.programme.id) AND state = 'recommended'
        """, logger: world.database.logger)
    for try await (slot, amount) in rows.decode((Int, Int64).self) { held[slot] += amount }
    return held
}

@Suite struct BudgetSlotStoreTests {
    @Test func anAwardLargerThanOneSlotFindsRoomAndARefusalReportsTheProgrammesRoom() async throws {
        try await TestDatabase.with { test in
            let million: Int64 = 1_000_000
            let world = try await World.make(test, budget: 80 * million, ceiling: 40 * million)
            #expect(try await budgetSlots(world).map(\.limit) == Array(repeating: 10 * million, count: 8))
            func underReview(_ amount: Int64) async throws -> Application {
                try await world.drive(try await world.draft(amount: amount), through: [.submit, .startReview])
            }
            let first = try await world.act(.recommend, try await underReview(25 * million), amount: 25 * million)
            let second = try await world.act(.recommend, try await underReview(40 * million), amount: 40 * million)
            _ = try await world.act(.recommend, try await underReview(15 * million), amount: 15 * million)
            var slots = try await budgetSlots(world)
            #expect(slots.reduce(0) { $0 + $1.limit! } == 80 * million)
            #expect(slots.allSatisfy { $0.holdsInvariant })
            #expect(try await heldBySlot(world) == slots.map(\.reserved))
            let last = try await underReview(1 * million)
            let refused = await refusal { try await world.act(.recommend, last, amount: 1 * million) }
            #expect(refused == .budgetExhausted(requested: 1 * million, available: 0))

            // The approval moves the reservation to a commitment in the slot that holds it.
            let slot = try #require(
                try await test.ownerScalar(
                    "SELECT ledger_slot::int FROM applications WHERE id = \(first.id)", as: Int.self))
            let before = slots
            _ = try await world.act(.approve, first, amount: 20 * million)
            slots = try await budgetSlots(world)
            var expected = before
            expected[slot].reserved -= 25 * million
            expected[slot].committed += 20 * million
            #expect(slots == expected)
            #expect(slots.allSatisfy { $0.holdsInvariant })

            // Released money is found again.
            _ = try await world.act(.returnForReview, second)
            _ = try await world.act(.recommend, last, amount: 1 * million)
            let ledger = try await world.service.programmes.ledger(code: world.programme.code)
            #expect(ledger == BudgetLedger(limit: 80 * million, reserved: 16 * million, committed: 20 * million))
        }
    }
}
