import CoopCaseDomain
import Foundation
import PropertyBased
import Testing

/// Random action sequences by random users against the pure state machine.
@Suite struct WorkflowPropertyTests {
    /// Decodes one random number into (application, action, actor, input variant).
    struct Step {
        let application: Int
        let action: Action
        let actor: Int
        let variant: Int
        let amount: Int64

        init(_ n: Int, applications: Int, actors: Int) {
            var rest = n
            application = rest % applications
            rest /= applications
            action = Action.allCases[rest % Action.allCases.count]
            rest /= Action.allCases.count
            actor = rest % actors
            rest /= actors
            variant = rest % 3
            amount = Int64(10 + (rest / 3) % 120)
        }
    }

    @Test func randomWalksStayInsideTheTableAndTheBudget() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 0...100_000_000).array(of: 1...60)) { numbers in
            let scenario = Scenario(budget: 200, ceiling: 100)
            let actors = [
                scenario.applicantActor, scenario.otherApplicant, scenario.officer, scenario.officer2,
                scenario.approver, scenario.auditor, scenario.lender, scenario.admin,
            ]
            var applications = (0..<3).compactMap { index in try? scenario.draft(amount: Int64(40 + index * 30)) }
            var ledger = BudgetLedger(limit: scenario.programme.budget)
            for number in numbers {
                let step = Step(number, applications: applications.count, actors: actors.count)
                let before = applications[step.application]
                let actor = actors[step.actor]
                let input: ActionInput =
                    switch step.variant {
                    case 0: scenario.goodInput(for: step.action)
                    case 1: ActionInput()
                    default: scenario.goodInput(for: step.action, amount: step.amount)
                    }
                let outcome: Outcome
                do throws(DomainError) {
                    outcome = try Workflow.decide(
                        step.action, input: input, on: before, by: actor, context: scenario.context())
                } catch {
                    // Every refusal is a named domain rule; the value types guarantee nothing changed.
                    #expect(!error.code.isEmpty)
                    continue
                }
                let row = Workflow.transition(for: step.action)
                #expect(row.from.contains(before.state), "\(step.action) accepted from \(before.state)")
                #expect(row.roles.contains(actor.role), "\(step.action) accepted from role \(actor.role)")
                #expect(outcome.application.state == (row.to ?? before.state))
                #expect(outcome.application.version == before.version + 1)
                if actor.role == .applicant { #expect(actor.cooperativeId == before.cooperativeId) }
                if step.action == .approve {
                    #expect(outcome.application.decision?.by != outcome.application.recommendation?.by)
                }
                // The store applies the delta atomically and refuses what does not fit; mirror that here.
                guard let next = try? ledger.applying(outcome.ledger) else {
                    #expect(outcome.ledger.total > 0, "only growth can be refused by the budget")
                    continue
                }
                ledger = next
                applications[step.application] = outcome.application
                let held = applications.reduce(LedgerDelta.zero) { sum, application in
                    let holding = application.ledgerHolding
                    return LedgerDelta(
                        reserved: sum.reserved + holding.reserved, committed: sum.committed + holding.committed,
                        spent: sum.spent + holding.spent)
                }
                #expect(ledger.holdsInvariant)
                #expect(
                    held == LedgerDelta(reserved: ledger.reserved, committed: ledger.committed, spent: ledger.spent))
            }
        }
    }
}
