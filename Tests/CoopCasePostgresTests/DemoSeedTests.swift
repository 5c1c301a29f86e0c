import CoopCaseDomain
import CoopCasePostgres
import CoopCaseTestSupport
import Foundation
import Testing

@Suite struct DemoSeedTests {
    @Test func demoReproducesTheArticlesFiguresCoversEveryStateAndIsIdempotent() async throws {
        try await TestDatabase.with { test in
            let first = try await DemoSeed(database: test.database).run()
            #expect(first.cooperativesCreated == 52 && first.programmesCreated == 4)
            let second = try await DemoSeed(database: test.database).run()
            #expect(second.cooperativesCreated == 0 && second.programmesCreated == 0)
            #expect(second.applicationsCreated == 0 && second.usersCreated.isEmpty)

            let auditor = try await test.database.users.actor(username: "thanhtra.son")
            let summary = try await test.database.reports.summary(by: auditor)
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
            let chains = try await test.database.audit.verifyChains(by: auditor)
            #expect(chains.breaks.isEmpty && chains.applications == first.applicationsCreated)
        }
    }
}
