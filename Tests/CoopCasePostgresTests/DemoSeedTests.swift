import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite struct DemoSeedTests {
    @Test func demoReproducesTheArticlesFiguresCoversEveryStateAndIsIdempotent() async throws {
        try await TestDatabase.with { test in
            let first = try await DemoSeed(service: test.service).run()
            #expect(first.cooperativesCreated == 52 && first.programmesCreated == 4)
            let second = try await DemoSeed(service: test.service).run()
            #expect(second.cooperativesCreated == 0 && second.programmesCreated == 0)
            #expect(second.applicationsCreated == 0 && second.usersCreated.isEmpty)

            let auditor = try await test.service.users.actor(username: "thanhtra.son")
            let summary = try await test.service.summary(by: auditor)
            #expect(summary.registry.cooperatives == 52)
            #expect(summary.registry.members == 1_242)
            #expect(summary.registry.workers == 708)
            #expect(summary.registry.averageRevenue == 468_000_000)
            #expect(summary.registry.totalRevenue == 52 * 468_000_000)
            #expect(Set(summary.programmes.map(\.kind)) == Set(ProgrammeKind.allCases))
            let states = summary.programmes.reduce(into: Set<String>()) { $0.formUnion($1.applications.keys) }
            #expect(states == Set(ApplicationState.allCases.map(\.rawValue)))
            for line in summary.programmes {
                #expect(line.reserved + line.committed + line.spent <= line.budget)
            }
            let chains = try await test.service.audit.verifyChains(by: auditor)
            #expect(chains.breaks.isEmpty && chains.applications == first.applicationsCreated)
        }
    }

    /// Each programme's average working days per stage, against the events read one by one: a stage lasts from the
    /// event that entered a state to the next change of state of the same application.
    @Test func theSummaryAveragesEachProgrammesStagesFromItsOwnEvents() async throws {
        try await TestDatabase.with { test in
            _ = try await DemoSeed(service: test.service).run()
            let calendar = try await test.service.calendar.calendar()
            var totals: [String: [String: (days: Int, count: Int)]] = [:]
            var entered: [UUID: (state: String, at: Date)] = [:]
            for try await (code, application, state, at) in try await test.owner.query(
                """
                SELECT p.code, e.application_id, e.to_state, e.at FROM application_events e
                JOIN applications a ON a.id = e.application_id JOIN programmes p ON p.id = a.programme_id
                WHERE e.from_state IS DISTINCT FROM e.to_state ORDER BY e.application_id, e.seq
                """, logger: test.database.logger
            ).decode((String, UUID, String, Date).self) {
                if let previous = entered[application] {
                    totals[code, default: [:]][previous.state, default: (0, 0)].days += calendar.workingDays(
                        after: CivilDay(previous.at), through: CivilDay(at))
                    totals[code, default: [:]][previous.state, default: (0, 0)].count += 1
                }
                entered[application] = (state, at)
            }
            let expected = totals.mapValues { $0.mapValues { Double($0.days) / Double($0.count) } }
            #expect(expected.values.contains { $0.values.contains { $0 > 0 } }, "the demo's stages last days")

            let auditor = try await test.service.users.actor(username: "thanhtra.son")
            let summary = try await test.service.summary(by: auditor)
            #expect(summary.programmes.count == 4)
            for line in summary.programmes {
                #expect(line.averageWorkingDays == expected[line.code] ?? [:], "\(line.code)")
                let alone = try await test.service.summary(programmeCode: line.code, by: auditor)
                #expect(alone.programmes.map(\.averageWorkingDays) == [line.averageWorkingDays])
            }
        }
    }

    /// The demo's cooperatives were recorded under Kinh Môn's communes and wards of 2022 and now sit in the wards
    /// those became; a rule naming a new ward and one naming an old commune judge them alike.
    @Test func theDemoSitsInTodaysWardsAndKeepsItsOldOnesInHistory() async throws {
        try await TestDatabase.with { test in
            _ = try await DemoSeed(service: test.service).run()
            let auditor = try await test.service.users.actor(username: "thanhtra.son")
            let registry = try await test.service.cooperatives.search(nil, limit: 100).items
            let wards = Set(registry.map(\.address.ward.name))
            #expect(
                wards == [
                    "Phường Kinh Môn", "Phường Nguyễn Đại Năng", "Phường Trần Liễu", "Phường Bắc An Phụ",
                    "Phường Phạm Sư Mạnh", "Phường Nhị Chiểu", "Xã Nam An Phụ",
                ])
            #expect(registry.allSatisfy { $0.address.district == nil && $0.address.province.code == "31" })
            let first = try #require(registry.first { $0.name.hasSuffix(" An Lưu") })
            #expect(first.address.ward.name == "Phường Kinh Môn")
            let history = try await test.service.cooperatives.history(id: first.id, by: auditor)
            #expect(
                history.flatMap(\.changes).contains {
                    $0.field == "address.ward" && $0.from?.hasPrefix("Phường An Lưu") == true
                        && $0.to?.hasPrefix("Phường Kinh Môn") == true
                })
            let places = try await test.service.places.catalogue()
            let today = Date()
            let newWard = EligibilityRuleSet(version: 1, rules: [.wardIn([first.address.ward.code])])
            // The old commune's code, as the history wrote it: "Phường An Lưu (code)".
            let was = try #require(history.flatMap(\.changes).first { $0.field == "address.ward" }?.from ?? nil)
            let oldCode = String(try #require(was.split(separator: "(").last).dropLast())
            let oldCommune = EligibilityRuleSet(version: 1, rules: [.wardIn([oldCode])])
            #expect(newWard.firstFailure(for: first, on: today, places: places) == nil)
            #expect(oldCommune.firstFailure(for: first, on: today, places: places) == nil)
            let elsewhere = try #require(registry.first { $0.address.ward.name == "Xã Nam An Phụ" })
            guard
                case .notEligible(let rule, let detail) = newWard.firstFailure(
                    for: elsewhere, on: today, places: places)
            else {
                Issue.record("a cooperative of another ward passed")
                return
            }
            #expect(rule == "wardIn" && detail.vi == "trụ sở phải thuộc xã, phường: Phường Kinh Môn")
        }
    }
}
