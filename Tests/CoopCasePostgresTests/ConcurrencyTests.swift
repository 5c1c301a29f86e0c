import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import Testing

@Suite struct ConcurrencyTests {
    /// 200 applications decided at once in one programme whose budget fits 50 awards.
    @Test func concurrentDecisionsNeverOverCommitTheBudget() async throws {
        try await TestDatabase.with { test in
            let award: Int64 = 20_000_000
            let world = try await World.make(test, budget: award * 50, ceiling: award)
            let underReview = try await world.underReview(200, amount: award)
            let results = try await withThrowingTaskGroup(of: String.self) { group in
                for application in underReview {
                    group.addTask {
                        do {
                            let recommended = try await world.act(.recommend, application, amount: award)
                            let approved = try await world.act(.approve, recommended, amount: award)
                            return approved.state.rawValue
                        } catch let error as DomainError {
                            return error.code
                        }
                    }
                }
                var outcomes: [String: Int] = [:]
                for try await outcome in group { outcomes[outcome, default: 0] += 1 }
                return outcomes
            }
            #expect(results == ["approved": 50, "budgetExhausted": 150])
            let ledger = try await world.service.programmes.ledger(code: world.programme.code)
            #expect(ledger.committed == award * 50 && ledger.reserved == 0 && ledger.spent == 0)
            // Spread over slots (each too small for the lot, so rebalanced under way), still adding up.
            let slots = try await budgetSlots(world)
            #expect(slots.count == BudgetSlots.count && slots.allSatisfy { $0.holdsInvariant })
            #expect(slots.reduce(0) { $0 + $1.limit! } == award * 50)
            let approvedSum = try await test.ownerScalar(
                "SELECT coalesce(sum((decision->>'amount')::bigint), 0)::bigint FROM applications WHERE state = 'approved'",
                as: Int64.self)
            #expect(approvedSum == ledger.committed)
            let events = try await test.ownerScalar(
                "SELECT count(*)::int FROM application_events WHERE action IN ('recommend', 'approve')", as: Int.self)
            #expect(events == 100, "exactly one event per accepted action, none for refused ones")
        }
    }

    /// Many recommendations at once in one roomy programme, eight connections contending for its slots: every one
    /// succeeds, each reservation lands in exactly one slot, and the slots hold exactly what the applications hold.
    @Test func concurrentGrowthsEachTakeExactlyOneSlot() async throws {
        try await TestDatabase.with { test in
            let award: Int64 = 1_000_000
            let count = 400
            let world = try await World.make(test, budget: award * Int64(count) * 4, ceiling: award)
            let underReview = try await world.underReview(count, amount: award)
            let recommended = try await withThrowingTaskGroup(of: Int.self) { group in
                for application in underReview {
                    group.addTask {
                        try await world.act(.recommend, application, amount: award).state == .recommended ? 1 : 0
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(recommended == count)
            let slots = try await budgetSlots(world)
            #expect(slots.reduce(0) { $0 + $1.reserved } == award * Int64(count))
            let held = try await test.ownerScalar(
                """
                SELECT count(*)::int FROM programme_ledgers l
                WHERE l.reserved <> (SELECT coalesce(sum(requested_amount), 0) FROM applications a
                                     WHERE a.programme_id = l.programme_id AND a.state = 'recommended'
                                       AND coalesce(a.ledger_slot, 0) = l.slot)
                """, as: Int.self)
            #expect(held == 0, "every slot holds exactly what the applications recorded in it hold")
        }
    }

    /// Concurrent approvals of already-recommended applications move reservations to commitments exactly.
    @Test func concurrentApprovalsMoveReservationsExactly() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, budget: 100 * 10_000_000, ceiling: 10_000_000)
            var recommended: [Application] = []
            for _ in 0..<100 {
                recommended.append(
                    try await world.drive(
                        try await world.draft(amount: 10_000_000), through: [.submit, .startReview, .recommend],
                        amount: 10_000_000))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, application) in recommended.enumerated() {
                    group.addTask {
                        // Every other approval takes less than recommended; the rest of the reservation is released.
                        try await world.act(
                            .approve, application, amount: index.isMultiple(of: 2) ? 10_000_000 : 6_000_000)
                    }
                }
                try await group.waitForAll()
            }
            let ledger = try await world.service.programmes.ledger(code: world.programme.code)
            #expect(ledger.reserved == 0)
            #expect(ledger.committed == 50 * 10_000_000 + 50 * 6_000_000)
        }
    }

    /// Two writers holding the same version: one wins, the other is told its copy is stale.
    @Test func twoWritersOnTheSameVersionOneWinsOneIsStale() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            for _ in 0..<20 {
                let submitted = try await world.drive(try await world.draft(), through: [.submit])
                async let first = refusal { try await world.act(.startReview, submitted, by: world.cast.officer) }
                async let second = refusal { try await world.act(.startReview, submitted, by: world.cast.officer2) }
                let outcomes = await [first, second]
                #expect(outcomes.filter { $0 == nil }.count == 1)
                #expect(outcomes.contains(.stale(expected: submitted.version, actual: submitted.version + 1)))
                let snapshot = try await world.snapshot(submitted)
                #expect(snapshot.version == submitted.version + 1 && snapshot.events == 3)
            }
        }
    }

    /// Writers that send no version (as the CLI acts) on one application at once: each is decided on the row as it
    /// then is. A write over a row that moved on after it was read lands nothing, not even its ledger moves, and is
    /// decided again: one recommendation lands with its reservation and event, and the rest are refused by the state
    /// they find.
    @Test func writersWithoutAVersionAreDecidedOnTheRowAsItThenIs() async throws {
        try await TestDatabase.with { test in
            let award: Int64 = 10_000_000
            let world = try await World.make(test, budget: award * 100, ceiling: award)
            let underReview = try await world.underReview(20, amount: award)
            for application in underReview {
                let before = try await world.snapshot(application)
                let outcomes = await withTaskGroup(of: DomainError?.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            await refusal {
                                try await world.applications.perform(
                                    .recommend, on: application.reference.value,
                                    input: world.input(for: .recommend, amount: award), expectedVersion: nil,
                                    by: world.cast.officer, channel: .cli)
                            }
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                #expect(outcomes.filter { $0 == nil }.count == 1)
                #expect(
                    outcomes.compactMap { $0 }.allSatisfy {
                        $0 == .invalidTransition(action: .recommend, state: .recommended)
                    }, "\(outcomes)")
                let after = try await world.snapshot(application)
                #expect(after.state == "recommended" && after.version == before.version + 1)
                #expect(after.events == before.events + 1)
            }
            let ledger = try await world.service.programmes.ledger(code: world.programme.code)
            #expect(ledger.reserved == award * Int64(underReview.count) && ledger.committed == 0)
            let slots = try await budgetSlots(world)
            #expect(slots.reduce(0) { $0 + $1.reserved } == ledger.reserved)
        }
    }
}
