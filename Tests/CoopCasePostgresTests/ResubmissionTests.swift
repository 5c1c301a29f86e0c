import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import Testing

/// A resubmission runs every check a submission runs, on the request as updated since, and judges eligibility by the
/// rule version pinned at submission.
@Suite struct ResubmissionTests {
    /// Waiting for information, the request is updated past the ceiling and without its document: each resubmission
    /// is refused with the rule and changes nothing, until the request is right again.
    @Test func anUpdatedRequestIsCheckedAgainWhenResubmitted() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, ceiling: 120_000_000, documents: ["plan"])
            var application = try await world.draft(amount: 100_000_000, documents: ["plan"])
            application = try await world.drive(application, through: [.submit, .startReview, .requestInfo])
            #expect(application.state == .needsInfo)
            func update(_ amount: Int64, documents: [String]) async throws -> Application {
                try await world.applications.perform(
                    .update, on: application.reference.value,
                    input: ActionInput(
                        request: ApplicationRequest(amount: amount, purpose: "Mua máy tính", documents: documents)),
                    expectedVersion: nil, by: world.cast.applicant, channel: .api)
            }
            // The ceiling holds at update already: a request over it never stands.
            #expect(
                await refusal { _ = try await update(18_000_000_000, documents: ["plan"]) }
                    == .ceilingExceeded(ceiling: 120_000_000, requested: 18_000_000_000))
            application = try await update(110_000_000, documents: [])
            let before = try await world.snapshot(application)
            #expect(await refusal { _ = try await world.act(.resubmit, application) } == .missingDocuments(["plan"]))
            #expect(try await world.snapshot(application) == before)
            application = try await update(110_000_000, documents: ["plan"])
            application = try await world.act(.resubmit, application)
            #expect(application.state == .underReview)
        }
    }

    /// Rules tightened after submission do not apply to the resubmission; the pinned version does, and a fact the
    /// pinned rules read that has changed since is judged by them.
    @Test func eligibilityIsJudgedAgainByThePinnedVersion() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, rules: [.minMembers(5)])
            var application = try await world.drive(
                try await world.draft(), through: [.submit, .startReview, .requestInfo])
            #expect(application.ruleVersion == 1)
            let version = try await world.service.programmes.replaceRules(
                code: world.programme.code, rules: [.minMembers(1_000)], by: world.cast.admin)
            #expect(version == 2)
            application = try await world.act(.resubmit, application)
            #expect(application.state == .underReview && application.ruleVersion == 1, "judged by version 1")

            // The registry now says the cooperative has 3 members: version 1 itself refuses. (A second request for
            // information needs the approver's leave.)
            application = try await world.act(.allowFurtherRequest, application)
            application = try await world.act(.requestInfo, application)
            try await test.owner.query(
                "UPDATE cooperatives SET members = 3 WHERE id = \(world.cooperative.id)", logger: test.database.logger)
            let before = try await world.snapshot(application)
            guard case .notEligible(let rule, _) = await refusal({ _ = try await world.act(.resubmit, application) })
            else {
                Issue.record("expected notEligible")
                return
            }
            #expect(rule == "minMembers")
            #expect(try await world.snapshot(application) == before)
        }
    }

    /// The ceiling bounds a draft from its creation: an amount past it is refused and nothing is stored.
    @Test func aDraftOverTheCeilingIsRefusedAtCreation() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, ceiling: 120_000_000)
            let count = { try await test.ownerScalar("SELECT count(*)::int FROM applications", as: Int.self) }
            let before = try await count()
            #expect(
                await refusal { _ = try await world.draft(amount: .max) }
                    == .ceilingExceeded(ceiling: 120_000_000, requested: .max))
            #expect(try await count() == before)
        }
    }
}
