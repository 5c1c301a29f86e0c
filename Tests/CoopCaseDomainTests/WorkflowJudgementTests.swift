import CoopCaseDomain
import Foundation
import Testing

/// The order of refusals, on its own: not found, then the request, then the role, then the version, then the state
/// and the rules. Each case is wrong in every later way too, so only the order can pick the answer.
@Suite struct WorkflowJudgementTests {
    struct BrokenInput: Error {}

    func judge(
        _ scenario: Scenario, _ action: Action, _ application: Application, by actor: Actor, version: Int?,
        input: @escaping (ProgrammeKind) throws -> ActionInput = { _ in ActionInput() }
    ) -> String {
        do {
            _ = try Workflow.judge(
                action, reading: input, expectedVersion: version, on: application, by: actor,
                context: scenario.context())
            return "done"
        } catch let error as DomainError {
            return error.code
        } catch is BrokenInput {
            return "input"
        } catch {
            return "\(error)"
        }
    }

    @Test func eachRefusalIsReportedBeforeTheNext() throws {
        let scenario = Scenario()
        // A draft: approving it is the wrong role for an applicant, the wrong state for anyone.
        let draft = try scenario.draft()
        let stale = draft.version + 5
        let broken: (ProgrammeKind) throws -> ActionInput = { _ in throw BrokenInput() }
        // Another cooperative's applicant: not found, though the input, role, version and state are all wrong too.
        #expect(
            judge(scenario, .approve, draft, by: scenario.otherApplicant, version: stale, input: broken) == "notFound")
        // Visible: the request itself comes next.
        #expect(judge(scenario, .approve, draft, by: scenario.applicantActor, version: stale, input: broken) == "input")
        // Then the role, before the stale copy.
        #expect(judge(scenario, .approve, draft, by: scenario.applicantActor, version: stale) == "forbidden")
        // The right role: the stale copy before the state.
        #expect(judge(scenario, .approve, draft, by: scenario.approver, version: stale) == "stale")
        // The right version: the state.
        #expect(judge(scenario, .approve, draft, by: scenario.approver, version: draft.version) == "invalidTransition")
        #expect(judge(scenario, .approve, draft, by: scenario.approver, version: nil) == "invalidTransition")
        // The right state: the rules (the input a submission needs is the application's own).
        #expect(judge(scenario, .submit, draft, by: scenario.applicantActor, version: draft.version) == "done")
    }

    @Test func aLenderSeesNothingBeforeApprovalWhateverItAsks() throws {
        let scenario = Scenario(kind: .preferentialLoan)
        let draft = try scenario.draft()
        for action in Action.allCases where action != .create {
            #expect(judge(scenario, action, draft, by: scenario.lender, version: 99) == "notFound", "\(action)")
        }
    }
}
