import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite struct WorkflowStoreTests {
    @Test(arguments: ProgrammeKind.allCases)
    func everyKindWalksFromDraftToClosedWithOneEventPerStep(kind: ProgrammeKind) async throws {
        try await TestDatabase.with { test in
            let amount: Int64 = kind == .training ? 12 : 80_000_000
            let world = try await World.make(test, kind: kind, budget: kind == .training ? 100 : 1_000_000_000)
            var application = try await world.draft(amount: amount)
            let steps: [Action] = [
                .update, .submit, .startReview, .requestInfo, .resubmit, .recommend, .returnForReview, .recommend,
                .approve, .fulfil, .close,
            ]
            application = try await world.drive(application, through: steps, amount: amount)
            #expect(application.state == .closed)
            #expect(application.version == steps.count + 1)
            let events = try await world.applications.events(
                reference: application.reference.value, by: world.cast.auditor)
            #expect(events.map(\.action) == [.create] + steps)
            #expect(events.map(\.seq) == Array(1...(steps.count + 1)))
            #expect(events.last?.to == .closed)
            #expect(events.first?.channel == .cli && events.last?.channel == .api)
            let ledger = try await world.service.programmes.ledger(code: world.programme.code)
            #expect(ledger.reserved == 0 && ledger.committed == 0 && ledger.spent == amount)
        }
    }

    @Test func refusedActionsNameTheirRuleAndChangeNothing() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(
                test, budget: 150_000_000, ceiling: 120_000_000, rules: [.minMembers(5)], documents: ["plan"])
            let draft = try await world.draft(documents: ["plan"])
            let before = try await world.snapshot(draft)
            let reference = draft.reference.value

            let cases: [(DomainError, () async throws -> Void)] = [
                (.invalidTransition(action: .approve, state: .draft), { try await world.act(.approve, draft) }),
                (
                    // An officer submits only what the desk received, and says so.
                    .validation(field: "counter", reason: .required),
                    { try await world.act(.submit, draft, by: world.cast.officer) }
                ),
                (
                    .forbidden(action: .submit, role: .auditor),
                    { try await world.act(.submit, draft, by: world.cast.auditor) }
                ),
                (
                    .stale(expected: 0, actual: 1),
                    {
                        try await world.applications.perform(
                            .submit, on: reference, expectedVersion: 0, by: world.cast.applicant, channel: .api)
                    }
                ),
                (
                    .validation(field: "request", reason: .required),
                    {
                        try await world.applications.perform(
                            .update, on: reference, expectedVersion: 1, by: world.cast.applicant, channel: .api)
                    }
                ),
                (
                    .notFound(entity: .application),
                    {
                        let other = Fixtures.cooperative(serial: 77)
                        try await world.service.cooperatives.create(other, by: nil)
                        let stranger = try await Fixtures(world.database).applicant(for: other)
                        try await world.act(.submit, draft, by: stranger)
                    }
                ),
            ]
            for (expected, body) in cases {
                #expect(await refusal(body) == expected)
                #expect(try await world.snapshot(draft) == before)
            }

            // Not eligible names the rule; the ceiling and documents are checked too.
            let small = Fixtures.cooperative(serial: 78, members: 3)
            try await world.service.cooperatives.create(small, by: nil)
            let smallApplicant = try await Fixtures(world.database).applicant(for: small)
            let smallDraft = try await world.draft(documents: ["plan"], cooperative: small, by: smallApplicant)
            let smallBefore = try await world.snapshot(smallDraft)
            let error = await refusal { try await world.act(.submit, smallDraft, by: smallApplicant) }
            guard case .notEligible(let rule, _) = error else {
                Issue.record("expected notEligible, got \(String(describing: error))")
                return
            }
            #expect(rule == "minMembers")
            #expect(try await world.snapshot(smallDraft) == smallBefore)
            let noPlan = try await world.draft(documents: [])
            #expect(await refusal { try await world.act(.submit, noPlan) } == .missingDocuments(["plan"]))
            // The ceiling refuses an amount past it where it enters, at creation (and update, and submission).
            #expect(
                await refusal { _ = try await world.draft(amount: 130_000_000, documents: ["plan"]) }
                    == .ceilingExceeded(ceiling: 120_000_000, requested: 130_000_000))

            // Budget: the first award fits, the second does not; the refusal leaves everything as it was.
            let first = try await world.drive(draft, through: [.submit, .startReview, .recommend])
            #expect(first.state == .recommended)
            let other = try await world.drive(
                try await world.draft(documents: ["plan"]), through: [.submit, .startReview])
            let otherBefore = try await world.snapshot(other)
            #expect(
                await refusal { try await world.act(.recommend, other) }
                    == .budgetExhausted(requested: 100_000_000, available: 50_000_000))
            #expect(try await world.snapshot(other) == otherBefore)

            // Four-eyes: the recommending officer, promoted to approver, may not approve.
            try await world.service.users.setRole(
                username: world.cast.officer.username, role: .approver, by: world.cast.admin)
            let promoted = try await world.service.users.actor(username: world.cast.officer.username)
            let firstBefore = try await world.snapshot(first)
            #expect(
                await refusal { try await world.act(.approve, first, by: promoted) }
                    == .fourEyes(rule: "approverIsRecommender"))
            #expect(try await world.snapshot(first) == firstBefore)
        }
    }

    @Test func fourEyesIsAlsoADatabaseConstraint() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            let recommended = try await world.drive(
                try await world.draft(), through: [.submit, .startReview, .recommend])
            await #expect(throws: PSQLError.self) {
                try await test.database.client.query(
                    "UPDATE applications SET approved_by = recommended_by WHERE id = \(recommended.id)",
                    logger: test.database.logger)
            }
        }
    }

    @Test func perCooperativeCapHoldsAcrossApplications() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, ceiling: 100_000_000, cap: 150_000_000)
            _ = try await world.drive(try await world.draft(), through: [.submit, .startReview, .recommend])
            let second = try await world.drive(try await world.draft(), through: [.submit, .startReview])
            #expect(
                await refusal { try await world.act(.recommend, second) }
                    == .cooperativeCapExceeded(cap: 150_000_000, used: 100_000_000, requested: 100_000_000))
            let smaller = try await world.act(.recommend, second, amount: 50_000_000)
            #expect(smaller.state == .recommended)
        }
    }

    @Test func submissionPinsTheRuleVersionInForce() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, rules: [.minMembers(5)])
            let early = try await world.act(.submit, try await world.draft())
            #expect(early.ruleVersion == 1)
            let version = try await world.service.programmes.replaceRules(
                code: world.programme.code, rules: [.minMembers(500)], by: world.cast.admin)
            #expect(version == 2)
            let late = try await world.draft()
            let error = await refusal { try await world.act(.submit, late) }
            guard case .notEligible("minMembers", _) = error else {
                Issue.record("expected notEligible(minMembers), got \(String(describing: error))")
                return
            }
            let stored = try await world.applications.get(reference: early.reference.value, by: world.cast.officer)
            #expect(stored.ruleVersion == 1)
        }
    }

    @Test func eventsAreAppendOnlyForTheApplicationAndEvenTheOwner() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            let draft = try await world.draft()
            let app = test.database.client
            let logger = test.database.logger
            for statement: PostgresQuery in [
                "UPDATE application_events SET action = 'x' WHERE application_id = \(draft.id)",
                "DELETE FROM application_events WHERE application_id = \(draft.id)",
                "TRUNCATE application_events",
            ] {
                await #expect(throws: PSQLError.self) { try await app.query(statement, logger: logger) }
                await #expect(throws: PSQLError.self) { try await test.owner.query(statement, logger: logger) }
            }
            let count = try await test.ownerScalar(
                "SELECT count(*)::int FROM application_events WHERE application_id = \(draft.id)", as: Int.self)
            #expect(count == 1)
        }
    }

    @Test func accessCodeLooksUpStatusAndWrongCodeLooksLikeUnknown() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            let (application, code) = try await world.applications.create(
                programmeCode: world.programme.code, cooperativeId: world.cooperative.id,
                request: ApplicationRequest(amount: 5_000_000, purpose: "Đào tạo"), by: world.cast.officer,
                channel: .api)
            let found = try await world.applications.lookUp(
                reference: application.reference.value, accessCode: code.value)
            #expect(found?.application.id == application.id)
            #expect(found?.programme.id == world.programme.id)
            #expect(found?.history.map(\.1) == [.draft])
            #expect(
                try await world.applications.lookUp(reference: application.reference.value, accessCode: "ZZZZ-ZZZZ")
                    .map(\.application.id) == nil)
            #expect(
                try await world.applications.lookUp(reference: "VAY-2026-999999-0", accessCode: code.value)
                    .map(\.application.id) == nil)
            let stored = try await test.ownerScalar(
                "SELECT access_code_hash FROM applications WHERE id = \(application.id)", as: String.self)
            #expect(stored?.contains(code.value) == false)
        }
    }

    @Test(arguments: [
        [], ["plan"], ["phuong-an-vay", "bao-cao-tai-chinh"],
        ["đơn, hồ sơ [1]", "a \"quoted\" name", "c:\\dir", "tab\tline\n"],
    ])
    func aRequestReadsBackAsWrittenThroughEveryRead(documents: [String]) async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            let request = ApplicationRequest(
                amount: 42_000_000, purpose: "Máy \"sấy\" nông sản, 2 chiếc\\kho 🌾",
                items: documents.isEmpty
                    ? [] : [RequestedItem(name: "Máy sấy \"S-2\"", quantity: 2, unitPrice: 21_000_000)],
                documents: documents)
            let (created, code) = try await world.applications.create(
                programmeCode: world.programme.code, cooperativeId: world.cooperative.id, request: request,
                by: world.cast.applicant, channel: .api)
            let reference = created.reference.value
            #expect(created.request == request)
            #expect(try await world.applications.get(reference: reference, by: world.cast.officer).request == request)
            #expect(
                try await world.applications.list(programmeCode: world.programme.code, by: world.cast.officer).items
                    .map(\.request) == [request])
            #expect(
                try await world.applications.lookUp(reference: reference, accessCode: code.value)?.application.request
                    == request)
            // An action reads the row under its lock or not; the application it returns was decoded from that read.
            let submitted = try await world.act(.submit, created)
            #expect(submitted.request == request)
        }
    }
}
