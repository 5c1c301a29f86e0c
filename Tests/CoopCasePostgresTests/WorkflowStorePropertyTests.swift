import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import PropertyBased
import Testing

/// Random action sequences by random users against the real database.
@Suite struct WorkflowStorePropertyTests {
    @Test func randomActionsKeepTheTableTheLedgerAndOneEventPerAcceptedAction() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, budget: 250_000_000, ceiling: 100_000_000)
            let otherCooperative = Fixtures.cooperative(serial: 4242)
            try await world.service.cooperatives.create(otherCooperative, by: nil)
            let outsider = try await Fixtures(world.database).applicant(for: otherCooperative)
            let cast = world.cast
            let actors = [
                cast.applicant, outsider, cast.officer, cast.officer2, cast.approver, cast.approver2, cast.auditor,
                cast.lender, cast.admin,
            ]
            let accepted = Counter()
            await propertyCheck(count: 25, input: Gen.int(in: 0...1_000_000_000).array(of: 5...40)) { numbers in
                do {
                    var applications: [Application] = []
                    for index in 0..<3 {
                        applications.append(try await world.draft(amount: Int64(60 + 20 * index) * 1_000_000))
                    }
                    for number in numbers {
                        var rest = number
                        let slot = rest % applications.count
                        rest /= applications.count
                        var action = Action.allCases[rest % Action.allCases.count]
                        rest /= Action.allCases.count
                        var actor = actors[rest % actors.count]
                        rest /= actors.count
                        // Half the steps pick among what the domain offers anyone now, so walks go deep.
                        let offered = actors.flatMap { candidate in
                            Workflow.allowedActions(for: candidate, on: applications[slot], programme: world.programme)
                                .map { (candidate, $0) }
                        }
                        if rest % 2 == 0, !offered.isEmpty { (actor, action) = offered[(rest / 2) % offered.count] }
                        rest /= 2
                        let amount = Int64(10 + rest % 100) * 1_000_000
                        let before = try await world.snapshot(applications[slot])
                        // An officer submits what the desk received; a new code has its own use case.
                        var input = world.input(for: action, amount: amount)
                        if actor.role == .officer, [.submit, .resubmit].contains(action) {
                            input.counter = CounterReceipt(
                                representative: "Người đại diện", identityPaper: .citizenIdentityCard, papers: ["Đơn"])
                        }
                        do {
                            let after =
                                action == .reissueCode
                                ? try await world.applications.reissueCode(
                                    reference: applications[slot].reference.value,
                                    expectedVersion: applications[slot].version, by: actor, channel: .api
                                ).0
                                : try await world.applications.perform(
                                    action, on: applications[slot].reference.value, input: input,
                                    expectedVersion: applications[slot].version, by: actor, channel: .api)
                            let row = Workflow.transition(for: action)
                            #expect(row.from.map(\.rawValue).contains(before.state))
                            #expect(row.roles.contains(actor.role))
                            let now = try await world.snapshot(after)
                            #expect(now.events == before.events + 1)
                            #expect(now.version == before.version + 1)
                            applications[slot] = after
                            accepted.add()
                        } catch let error as DomainError {
                            #expect(!error.code.isEmpty)
                            #expect(try await world.snapshot(applications[slot]) == before)
                        }
                    }
                    // The ledger equals what the applications hold, and never exceeds the budget.
                    let ledger = try await world.service.programmes.ledger(code: world.programme.code)
                    #expect(ledger.holdsInvariant)
                    let rows = try await test.owner.query(
                        "SELECT reference FROM applications WHERE programme_id = \(world.programme.id)",
                        logger: world.database.logger)
                    var held = LedgerDelta.zero
                    for try await reference in rows.decode(String.self) {
                        let holding = try await world.applications.get(reference: reference, by: cast.auditor)
                            .ledgerHolding
                        held = LedgerDelta(
                            reserved: held.reserved + holding.reserved, committed: held.committed + holding.committed,
                            spent: held.spent + holding.spent)
                    }
                    #expect(
                        held == LedgerDelta(reserved: ledger.reserved, committed: ledger.committed, spent: ledger.spent)
                    )
                    let report = try await world.service.audit.verifyChains(by: cast.auditor)
                    #expect(report.breaks.isEmpty)
                } catch {
                    Issue.record("unexpected error: \(String(reflecting: error))")
                }
            }
            #expect(accepted.value > 100, "the walks must get past the first steps")
            print("accepted actions across the walks: \(accepted.value)")
        }
    }
}

/// Counts from inside a property check's closure.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
