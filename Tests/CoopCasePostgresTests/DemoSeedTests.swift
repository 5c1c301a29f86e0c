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
}
