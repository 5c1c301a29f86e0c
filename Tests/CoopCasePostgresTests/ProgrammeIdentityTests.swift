import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import Testing

@Suite struct ProgrammeIdentityTests {
    @Test func identitiesNameEachProgrammeOnceReadAndLeaveUnknownIdsOut() async throws {
        try await TestDatabase.with { test in
            let loan = Fixtures.programme(kind: .preferentialLoan)
            let training = Fixtures.programme(kind: .training, budget: 40)
            let store = test.database.programmes
            try await store.create(loan)
            try await store.create(training)
            let unknown = UUID()
            let found = try await store.identities([loan.id, training.id, unknown])
            #expect(found == [loan.id: loan.identity, training.id: training.identity])
            await #expect(throws: DomainError.notFound(entity: .programme)) { try await store.identity(unknown) }
            // Served from memory now: still answered with the programmes table out of the product's reach.
            try await test.owner.query("REVOKE SELECT ON programmes FROM coopcase_app", logger: test.database.logger)
            await #expect(throws: (any Error).self) { try await store.get(id: loan.id) }
            #expect(try await store.identity(loan.id) == loan.identity)
            #expect(try await store.identities([training.id]) == [training.id: training.identity])
        }
    }
}
