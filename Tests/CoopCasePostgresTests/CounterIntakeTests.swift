import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import PostgresNIO
import Testing

/// Dossiers received on paper at the one-stop desk: submitted by an officer for the cooperative, recorded as such,
/// kept from the receiving officer's decisions, asked to supplement once, and given a new access code when lost.
@Suite struct CounterIntakeTests {
    static let receipt = CounterReceipt(
        representative: "Nguyễn Văn Bình", identityPaper: .citizenIdentityCard,
        papers: ["Đơn đề nghị hỗ trợ (bản chính)", "Báo giá thiết bị", "Báo cáo tài chính năm 2025"])

    /// A draft the desk opened and submitted with `receipt`.
    static func receivedAtDesk(_ world: World, by officer: Actor, channel: EventChannel) async throws -> Application {
        let draft = try await world.draft(by: officer)
        return try await world.applications.perform(
            .submit, on: draft.reference.value, input: ActionInput(counter: receipt), expectedVersion: 1, by: officer,
            channel: channel)
    }

    @Test func theDeskSubmitsForACooperativeAndTheEventSaysWhoBroughtWhat() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            let officer = world.cast.officer
            let draft = try await world.draft(by: officer)
            // Without the desk's record, and for an applicant with one, the submission is refused; nothing changes.
            await #expect(throws: DomainError.validation(field: "counter", reason: .required)) {
                try await world.applications.perform(
                    .submit, on: draft.reference.value, expectedVersion: 1, by: officer, channel: .api)
            }
            await #expect(throws: DomainError.validation(field: "counter", reason: .notAllowedNow)) {
                try await world.applications.perform(
                    .submit, on: draft.reference.value, input: ActionInput(counter: Self.receipt), expectedVersion: 1,
                    by: world.cast.applicant, channel: .api)
            }
            await #expect(throws: DomainError.validation(field: "counter.papers", reason: .required)) {
                try await world.applications.perform(
                    .submit, on: draft.reference.value,
                    input: ActionInput(
                        counter: CounterReceipt(representative: "A", identityPaper: .passport, papers: [" "])),
                    expectedVersion: 1, by: officer, channel: .api)
            }
            let submitted = try await world.applications.perform(
                .submit, on: draft.reference.value, input: ActionInput(counter: Self.receipt), expectedVersion: 1,
                by: officer, channel: .web)
            #expect(submitted.state == .submitted && submitted.receivedBy == [officer.userId])
            let events = try await world.applications.events(reference: draft.reference.value, by: world.cast.auditor)
            let event = try #require(events.last)
            #expect(event.action == .submit && event.channel == .counter && event.actorUsername == officer.username)
            let body = String(decoding: event.body, as: UTF8.self)
            #expect(body.contains("Nguyễn Văn Bình") && body.contains("citizenIdentityCard"))
            #expect(body.contains("Báo giá thiết bị"))
            #expect(!body.lowercased().contains("number"), "no identity number in the chain")
        }
    }

    @Test func whoeverReceivedTheDossierNeitherRecommendsNorApprovesItInTheDomainOrTheDatabase() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            let (desk, reviewer) = (world.cast.officer, world.cast.officer2)
            var application = try await Self.receivedAtDesk(world, by: desk, channel: .web)
            application = try await world.act(.startReview, application, by: reviewer)
            application = try await world.act(.requestInfo, application, by: reviewer)
            // The supplement is brought to the desk too, by the reviewer this time.
            application = try await world.applications.perform(
                .resubmit, on: application.reference.value,
                input: ActionInput(
                    counter: CounterReceipt(
                        representative: "Trần Thị Hạnh", identityPaper: .identityCard, papers: ["Báo giá bổ sung"])),
                expectedVersion: application.version, by: reviewer, channel: .web)
            #expect(application.receivedBy == [desk.userId, reviewer.userId])
            for officer in [desk, reviewer] {
                await #expect(throws: DomainError.self) { try await world.act(.recommend, application, by: officer) }
            }
            let allowed = Workflow.allowedActions(for: reviewer, on: application, programme: world.programme)
            #expect(!allowed.contains(.recommend))

            // The database holds the same line whatever writes to it.
            let refused = await #expect(throws: PSQLError.self) {
                try await test.owner.query(
                    "UPDATE applications SET recommended_by = \(desk.userId) WHERE id = \(application.id)")
            }
            #expect(refused?.serverInfo?[.constraintName] == "desk_four_eyes")
            let approving = await #expect(throws: PSQLError.self) {
                try await test.owner.query(
                    "UPDATE applications SET approved_by = \(reviewer.userId) WHERE id = \(application.id)")
            }
            #expect(approving?.serverInfo?[.constraintName] == "desk_four_eyes")
        }
    }

    @Test func informationIsRequestedOnceUnlessAnApproverAllowsAnother() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            var application = try await world.act(.startReview, try await world.act(.submit, try await world.draft()))
            application = try await world.act(.requestInfo, application)
            application = try await world.act(.resubmit, application)
            let before = try await world.snapshot(application)
            await #expect(throws: DomainError.supplementAskedOnce) { try await world.act(.requestInfo, application) }
            #expect(try await world.snapshot(application) == before, "the refusal changed nothing")
            #expect(
                Workflow.allowedActions(for: world.cast.approver, on: application, programme: world.programme)
                    .contains(.allowFurtherRequest))
            // The approver allows one more, with a reason; it is an event like any other.
            await #expect(throws: DomainError.validation(field: "reason", reason: .required)) {
                try await world.applications.perform(
                    .allowFurtherRequest, on: application.reference.value, expectedVersion: application.version,
                    by: world.cast.approver, channel: .api)
            }
            application = try await world.act(.allowFurtherRequest, application)
            #expect(application.furtherRequestAllowed && application.state == .underReview)
            application = try await world.act(.requestInfo, application)
            application = try await world.act(.resubmit, application)
            await #expect(throws: DomainError.supplementAskedOnce) { try await world.act(.requestInfo, application) }
            let actions = try await world.applications.events(
                reference: application.reference.value, by: world.cast.auditor
            ).map(\.action)
            #expect(actions.filter { $0 == .requestInfo }.count == 2 && actions.contains(.allowFurtherRequest))
        }
    }

    @Test func aLostCodeIsReplacedAtTheDeskAndTheOldOneAnsweredAsUnknown() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            let (draft, oldCode) = try await world.applications.create(
                programmeCode: world.programme.code, cooperativeId: world.cooperative.id,
                request: ApplicationRequest(amount: 1_000_000, purpose: "Máy in"), by: world.cast.applicant,
                channel: .api)
            let reference = draft.reference.value
            _ = try await world.act(.submit, draft)
            #expect(try await world.applications.lookUp(reference: reference, accessCode: oldCode.value) != nil)
            await #expect(throws: DomainError.self) {
                _ = try await world.applications.reissueCode(
                    reference: reference, expectedVersion: nil, by: world.cast.approver, channel: .web)
            }
            await #expect(throws: DomainError.self) {
                try await world.applications.perform(
                    .reissueCode, on: reference, expectedVersion: nil, by: world.cast.officer, channel: .api)
            }
            let (reissued, newCode) = try await world.applications.reissueCode(
                reference: reference, expectedVersion: nil, by: world.cast.officer, channel: .web)
            #expect(reissued.state == .submitted && newCode != oldCode)
            #expect(try await world.applications.lookUp(reference: reference, accessCode: oldCode.value) == nil)
            #expect(try await world.applications.lookUp(reference: reference, accessCode: newCode.value) != nil)
            let event = try #require(
                try await world.applications.events(reference: reference, by: world.cast.auditor).last)
            #expect(event.action == .reissueCode && event.from == .submitted && event.to == .submitted)
            let body = String(decoding: event.body, as: UTF8.self)
            #expect(!body.contains(newCode.value) && !body.contains(oldCode.value))
        }
    }

    @Test func aDossierReceivedAtTheDeskAndDecidedExportsABundleThatVerifies() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            let (desk, reviewer) = (world.cast.officer, world.cast.officer2)
            var application = try await Self.receivedAtDesk(world, by: desk, channel: .cli)
            application = try await world.act(.startReview, application, by: reviewer)
            application = try await world.act(.recommend, application, by: reviewer)
            application = try await world.act(.approve, application)
            #expect(application.state == .approved)
            let history = try await world.applications.events(
                reference: application.reference.value, by: world.cast.auditor)
            #expect(history.map(\.action) == [.create, .submit, .startReview, .recommend, .approve])
            #expect(history.map(\.channel) == [.cli, .counter, .api, .api, .api])
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            _ = try await test.service.audit.exportCaseHistories(
                to: folder, filters: ExportManifest.Filters(), by: world.cast.auditor)
            let (manifest, verifier) = try BundleCheck.run(directory: folder.path, trustedKey: nil)
            #expect(manifest != nil && verifier?.problems.isEmpty == true, "\(verifier?.problems ?? [])")
            let events = try String(contentsOf: folder.appendingPathComponent("events.jsonl"), encoding: .utf8)
            #expect(events.contains("\"channel\":\"counter\"") && events.contains("Nguyễn Văn Bình"))
        }
    }
}
