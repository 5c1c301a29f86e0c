import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import Synchronization
import Testing

/// The officers' queue over PostgreSQL: open work by what falls due first, pages that neither skip nor repeat,
/// counts per state, and search by reference or a cooperative's name without diacritics.
@Suite struct QueueTests {
    @Test func theQueueSortsByDeadlinePagesWithoutGapsCountsAndSearches() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            var references: [String] = []
            for index in 0..<7 {
                var application = try await world.act(.submit, try await world.draft(amount: 1_000_000))
                if index % 2 == 0 { application = try await world.act(.startReview, application) }
                if index == 4 { application = try await world.act(.requestInfo, application) }
                references.append(application.reference.value)
            }
            _ = try await world.draft()  // a draft is not the province's work yet
            let officer = world.cast.officer
            var seen: [QueueItem] = []
            var cursor: String?
            repeat {
                let (page, counts, _) = try await world.applications.queue(
                    QueueFilter(), limit: 3, cursor: cursor, by: officer)
                #expect(counts[.draft] == 1 && counts[.submitted] == 3 && counts[.underReview] == 3)
                #expect(counts[.needsInfo] == 1)
                seen += page.items
                cursor = page.nextCursor
            } while cursor != nil
            #expect(Set(seen.map(\.application.reference.value)) == Set(references))
            #expect(seen.count == references.count, "no page repeats a row")
            // Submissions wait on the intake clock (hours), reviews on the review clock (days), paused work last.
            func due(_ item: QueueItem) -> Date {
                switch item.application.state {
                case .submitted: item.application.intakeDueAt!
                case .underReview, .recommended: item.application.reviewDueAt!
                default: .distantFuture
                }
            }
            #expect(seen.map(due) == seen.map(due).sorted())
            #expect(seen.last?.application.state == .needsInfo)
            #expect(
                seen.allSatisfy {
                    $0.cooperative == world.cooperative.name && $0.programme.code == world.programme.code
                })

            let folded = String(
                world.cooperative.name.lowercased().applyingTransform(.stripDiacritics, reverse: false)!
            )
            .replacingOccurrences(of: "đ", with: "d")
            let byName = try await world.applications.queue(QueueFilter(text: folded), by: officer)
            #expect(byName.page.items.count == 7)
            let one = try await world.applications.queue(QueueFilter(text: references[3].lowercased()), by: officer)
            #expect(one.page.items.map(\.application.reference.value) == [references[3]])
            let reviewing = try await world.applications.queue(QueueFilter(state: .underReview), by: officer)
            #expect(reviewing.page.items.allSatisfy { $0.application.state == .underReview })
            #expect(reviewing.page.items.count == 3)
            // A closed state has no deadline to sort by: its rows come in the order of their identifiers.
            var withdrawn: [UUID] = []
            for _ in 0..<3 { withdrawn.append(try await world.act(.withdraw, try await world.draft()).id) }
            var closed: [UUID] = []
            cursor = nil
            repeat {
                let page = try await world.applications.queue(
                    QueueFilter(state: .withdrawn), limit: 2, cursor: cursor, by: officer
                ).page
                closed += page.items.map(\.application.id)
                cursor = page.nextCursor
            } while cursor != nil
            #expect(closed == withdrawn.sorted { $0.uuidString.lowercased() < $1.uuidString.lowercased() })
            let none = try await world.applications.queue(QueueFilter(programmeCode: "NO-SUCH"), by: officer)
            #expect(none.page.items.isEmpty)
            await #expect(throws: DomainError.self) {
                _ = try await world.applications.queue(QueueFilter(), by: world.cast.applicant)
            }
            await #expect(throws: DomainError.self) {
                _ = try await world.applications.queue(QueueFilter(), by: world.cast.lender)
            }
        }
    }

    /// One programme's queue (each open state's rows merged) and one programme's state read exactly the rows the
    /// whole queue holds for them, in the same order, page after page.
    @Test func aProgrammesQueueIsTheWholeQueueNarrowedInTheSameOrder() async throws {
        try await TestDatabase.with { test in
            let first = try await World.make(test)
            let second = try await World.make(test)
            for index in 0..<12 {
                let world = index % 3 == 0 ? second : first
                var application = try await world.act(.submit, try await world.draft(amount: 1_000_000))
                if index % 2 == 0 { application = try await world.act(.startReview, application) }
                if index % 4 == 0 { application = try await world.act(.requestInfo, application) }
                if index == 5 { _ = try await world.act(.withdraw, application) }
            }
            let officer = first.cast.officer
            func all(_ filter: QueueFilter) async throws -> [String] {
                var references: [String] = []
                var cursor: String?
                repeat {
                    let page = try await first.applications.queue(filter, limit: 2, cursor: cursor, by: officer).page
                    references += page.items.map(\.application.reference.value)
                    cursor = page.nextCursor
                } while cursor != nil
                return references
            }
            let whole = try await first.applications.queue(QueueFilter(), limit: 100, by: officer).page.items
            #expect(whole.count == 11)
            for world in [first, second] {
                let code = world.programme.code
                let mine = whole.filter { $0.programme.code == code }
                #expect(!mine.isEmpty)
                #expect(try await all(QueueFilter(programmeCode: code)) == mine.map(\.application.reference.value))
                for state in [ApplicationState.submitted, .underReview, .needsInfo] {
                    let expected = mine.filter { $0.application.state == state }.map(\.application.reference.value)
                    #expect(try await all(QueueFilter(programmeCode: code, state: state)) == expected, "\(state)")
                }
            }
        }
    }
}

/// Figures kept in memory and recounted behind the pages that read them.
@Suite struct RememberedTests {
    @Test func aStaleValueIsServedWhileOneBackgroundReadRefreshesIt() async throws {
        let remembered = Remembered<Int>()
        let loads = Mutex(0)
        let load: @Sendable () async throws -> Int = {
            loads.withLock {
                $0 += 1; return $0
            }
        }
        #expect(try await remembered.value(refreshingAfter: .zero, load: load) == 1, "the first read waits")
        // Stale at once: the held value answers, and one refresh starts behind it.
        #expect(try await remembered.value(refreshingAfter: .zero, load: load) == 1)
        var fresh = 1
        for _ in 0..<500 where fresh == 1 {
            try await Task.sleep(for: .milliseconds(10))
            fresh = try await remembered.value(refreshingAfter: .seconds(3600), load: load)
        }
        #expect(fresh == 2, "the background read replaced the value")
        #expect(try await remembered.value(refreshingAfter: .seconds(3600), load: load) == 2, "fresh: no read")
        #expect(loads.withLock { $0 } == 2)
    }
}
