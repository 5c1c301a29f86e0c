import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import Testing

/// Registry edits with their history, what eligibility judged kept in the chain, and new rule versions.
@Suite struct CooperativeEditTests {
    @Test func anEditIsKeptFromAndToAndAStaleOneChangesNothing() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            let service = world.service.cooperatives
            var edited = world.cooperative
            edited.members = 35
            edited.address.ward = AdministrativeUnit(code: "11008", name: "Phường Nhị Chiểu")
            let saved = try await service.update(
                id: edited.id, to: edited, expectedVersion: 1, by: world.cast.officer)
            #expect(saved.version == 2 && saved.members == 35)
            #expect(
                await refusal {
                    _ = try await service.update(id: edited.id, to: edited, expectedVersion: 1, by: world.cast.officer)
                } == .stale(expected: 1, actual: 2))
            #expect(
                await refusal {
                    _ = try await service.update(
                        id: edited.id, to: edited, expectedVersion: 2, by: world.cast.applicant)
                } == .notPermitted(permission: .manageCooperatives, role: .applicant))
            var recoded = saved
            recoded.code = Fixtures.code(8_123_456)
            #expect(
                await refusal {
                    _ = try await service.update(id: edited.id, to: recoded, expectedVersion: 2, by: world.cast.admin)
                } == .validation(field: "code", reason: .notAllowedNow))
            // Saving what is there changes nothing, not even the version.
            #expect(
                try await service.update(id: edited.id, to: saved, expectedVersion: 2, by: world.cast.admin).version
                    == 2)
            let history = try await service.history(id: edited.id, by: world.cast.auditor)
            #expect(history.count == 1)
            #expect(history.first?.username == world.cast.officer.username && history.first?.version == 2)
            #expect(
                history.first?.changes == [
                    .init(field: "address.ward", from: "Phường An Lưu (10660)", to: "Phường Nhị Chiểu (11008)"),
                    .init(field: "members", from: "20", to: "35"),
                ])
            #expect(try await service.get(id: edited.id).members == 35)
        }
    }

    @Test func anEditAfterSubmissionLeavesWhatWasJudgedAndTheChainsVerify() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, rules: [.minMembers(10)])
            let submitted = try await world.act(.submit, try await world.draft())
            var edited = world.cooperative
            edited.members = 3
            edited.annualRevenue = 1
            _ = try await world.service.cooperatives.update(
                id: edited.id, to: edited, expectedVersion: 1, by: world.cast.officer)
            let events = try await world.applications.events(
                reference: submitted.reference.value, by: world.cast.auditor)
            let body = try JSONDecoder().decode(AuditEventBody.self, from: try #require(events.last).body)
            let judged = try #require(body.judged)
            #expect(judged.ruleVersion == 1 && judged.rules == [.minMembers(10)])
            #expect(judged.cooperative.members == 20 && judged.cooperative.annualRevenue == 468_000_000)
            #expect(judged.cooperative.code == world.cooperative.code.value)
            let report = try await world.service.audit.verifyChains(by: world.cast.auditor)
            #expect(report.breaks.isEmpty && report.events >= 2)
        }
    }

    @Test func aNewRuleVersionJudgesTheNextSubmissionOnly() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, rules: [.minMembers(10)])
            let first = try await world.act(.submit, try await world.draft())
            let version = try await world.service.programmes.replaceRules(
                code: world.programme.code, rules: [.minMembers(15)], by: world.cast.admin)
            #expect(version == 2)
            #expect(
                await refusal {
                    _ = try await world.service.programmes.replaceRules(
                        code: world.programme.code, rules: [], by: world.cast.officer)
                } == .notPermitted(permission: .manageProgrammes, role: .officer))
            let second = try await world.act(.submit, try await world.draft())
            #expect(first.ruleVersion == 1 && second.ruleVersion == 2)
            let reread = try await world.applications.get(reference: first.reference.value, by: world.cast.officer)
            #expect(reread.ruleVersion == 1)
            let versions = try await world.service.programmes.ruleVersions(
                code: world.programme.code, by: world.cast.auditor)
            #expect(versions.map(\.version) == [1, 2] && versions.last?.rules == [.minMembers(15)])
            let events = try await world.applications.events(
                reference: second.reference.value, by: world.cast.auditor)
            let judged = try JSONDecoder().decode(AuditEventBody.self, from: try #require(events.last).body).judged
            #expect(judged?.ruleVersion == 2 && judged?.rules == [.minMembers(15)])
        }
    }
}

/// The 2025 map: a cooperative recorded in Hải Dương applies to a programme of the merged Hải Phòng.
@Suite struct PlacesTests {
    @Test func aCooperativeUnderTheOldProvincePassesANewProvinceProgrammeBeforeAndAfterTheRemap() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, rules: [.provinceIn(["31"])])
            #expect(world.cooperative.address.province.code == "30")
            let before = try await world.act(.submit, try await world.draft())
            #expect(before.state == .submitted)
            #expect(
                await refusal { _ = try await world.service.places.remap(dryRun: false, by: world.cast.approver) }
                    == .notPermitted(permission: .manageCooperatives, role: .approver))
            let dry = try await world.service.places.remap(dryRun: true, by: world.cast.admin)
            #expect(dry.map(\.code).contains(world.cooperative.code.value))
            #expect(try await world.service.cooperatives.get(id: world.cooperative.id).address.province.code == "30")
            let moved = try await world.service.places.remap(dryRun: false, by: world.cast.admin)
            #expect(moved.count == dry.count)
            let now = try await world.service.cooperatives.get(id: world.cooperative.id)
            #expect(now.address.province == AdministrativeUnit(code: "31", name: "Thành phố Hải Phòng"))
            let history = try await world.service.cooperatives.history(id: now.id, by: world.cast.auditor)
            #expect(
                history.last?.changes.contains(
                    .init(field: "address.province", from: "Tỉnh Hải Dương (30)", to: "Thành phố Hải Phòng (31)"))
                    == true)
            #expect(history.last?.username == world.cast.admin.username)
            let after = try await world.act(.submit, try await world.draft())
            #expect(after.state == .submitted)
            // A programme still written for the old province accepts the remapped cooperative too.
            #expect(try await world.service.places.remap(dryRun: true, by: world.cast.admin).isEmpty)
            var old = Fixtures.programme(code: "OLD-30", rules: [.provinceIn(["30"])])
            old.reviewDeadlineWorkingDays = 10
            try await world.service.programmes.create(old, by: world.cast.admin)
            let (draft, _) = try await world.applications.create(
                programmeCode: "OLD-30", cooperativeId: now.id,
                request: ApplicationRequest(amount: 1_000_000, purpose: "Máy tính"), by: world.cast.applicant,
                channel: .api)
            let submitted = try await world.applications.perform(
                .submit, on: draft.reference.value, expectedVersion: 1, by: world.cast.applicant, channel: .api)
            #expect(submitted.state == .submitted)
        }
    }
}
