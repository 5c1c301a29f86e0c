import CoopCaseDomain
import Foundation
import PostgresNIO

/// The officers' queue in SQL: open work in the order it falls due, each read along an index in that order.
extension ApplicationStore {
    /// The due instant the queue sorts by: a submission's intake, a running review's due instant, and for work whose
    /// clock is paused or stopped a day past any deadline (after the running ones). Written as the indexes are.
    static let queueDue = """
        coalesce(CASE WHEN a.state = 'submitted' THEN a.intake_due_at \
        WHEN a.state IN (\(ApplicationState.reviewClockRunning.filter { $0 != .submitted }
            .map { "'\($0.rawValue)'" }.joined(separator: ", "))) THEN a.review_due_at END, \
        '2200-01-01 00:00:00+00'::timestamptz)
        """
    static let closedStates = ApplicationState.allCases.filter { !QueueFilter.open.contains($0) }
        .map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// One page of the queue, what falls due first at the top, with each row's cooperative and assignee. `reference`
    /// matches one application; `cooperatives` confines it to those, `cooperativeText` to those whose name or code
    /// contains it (for text too broad to list them). Open work is read along an index in due order: all of it
    /// (`applications_queue`), one state's (`applications_queue_state`), one programme's
    /// (`applications_queue_programme`). A closed state, whose rows have no deadline to sort by, in identifier order.
    public func queue(
        state: ApplicationState?, programmeCode: String?, reference: String?, cooperatives: [UUID]?,
        cooperativeText: String?, limit: Int, cursor: String?
    ) async throws -> Page<(application: Application, cooperative: String, assignee: String?)> {
        let after = try cursor.map(Cursor.init(token:))
        let open = state.map(QueueFilter.open.contains) ?? true
        var statement = Statement()
        let programme = try statement.bind(programmeCode)
        let one = try statement.bind(reference)
        let among = try statement.bind(cooperatives)
        let text = try statement.bind(cooperativeText)
        // Bound only where used: an unused null has no type PostgreSQL could infer.
        let afterDate = open ? try statement.bind(after?.date) : ""
        let afterId = try statement.bind(after?.id)
        let rows = try statement.bind(limit + 1)
        // A state is the enumeration's own name, written as a literal so the planner matches the partial indexes.
        let scope = open ? "a.state NOT IN (\(Self.closedStates))" : "true"
        statement.sql = """
            SELECT \(Self.columns("a")), c.name, u.username, \(Self.queueDue)
            FROM applications a JOIN cooperatives c ON c.id = a.cooperative_id LEFT JOIN users u ON u.id = a.assignee
            WHERE \(scope) AND \(state.map { "a.state = '\($0.rawValue)'" } ?? "true")
              AND (\(programme)::text IS NULL OR a.programme_id = (SELECT id FROM programmes WHERE code = \(programme)))
              AND (\(one)::text IS NULL OR a.reference = \(one))
              AND (\(among)::uuid[] IS NULL OR a.cooperative_id = ANY(\(among)))
              AND (\(text)::text IS NULL OR strpos(c.search_text, vn_fold(\(text))) > 0)
              AND \(open
                ? "(\(afterDate)::timestamptz IS NULL OR (\(Self.queueDue), a.id) > (\(afterDate), \(afterId)))"
                : "(\(afterId)::uuid IS NULL OR a.id > \(afterId))")
            ORDER BY \(open ? "\(Self.queueDue), a.id" : "a.id") LIMIT \(rows)
            """
        var items: [(Application, String, String?, Date)] = []
        for row in try await database.rows(PostgresQuery(unsafeSQL: statement.sql, binds: statement.binds)) {
            let cells = Cells(row.makeRandomAccess(), from: Self.columnCount)
            items.append((try Self.decode(row).application, try cells(0), try cells(1), try cells(2)))
        }
        var next: String?
        if items.count > limit {
            items.removeLast()
            next = items.last.map { Cursor(date: $0.3, id: $0.0.id).token }
        }
        return Page(items: items.map { ($0.0, $0.1, $0.2) }, nextCursor: next)
    }

    /// How many applications each of `programmes` holds in each state, counted a programme at a time on one core
    /// with `pause` between programmes: a recount at a million rows (about 0.4 s of CPU) never holds every core of a
    /// small server at once, so the pages served meanwhile are not held up behind it.
    public func stateCounts(of programmes: [UUID], pause: Duration) async throws -> [UUID: [ApplicationState: Int]] {
        var counts: [UUID: [ApplicationState: Int]] = [:]
        for (index, programme) in programmes.enumerated() {
            if index > 0 { try await Task.sleep(for: pause) }
            let rows = try await database.client.transaction(logger: database.logger) { connection in
                try await connection.run("SET LOCAL max_parallel_workers_per_gather = 0", logger: database.logger)
                return try await connection.run(
                    "SELECT state, count(*)::int FROM applications WHERE programme_id = \(programme) GROUP BY state",
                    logger: database.logger
                ).collect()
            }
            for (state, count) in try rows.decode((String, Int).self) {
                if let state = ApplicationState(rawValue: state) { counts[programme, default: [:]][state] = count }
            }
        }
        return counts
    }
}
