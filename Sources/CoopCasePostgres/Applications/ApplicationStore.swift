import CoopCaseDomain
import Foundation
import PostgresNIO

/// Applications in SQL: the reads, and the unit of work an action is written in (`ApplicationWork`). Every change is
/// all or nothing: the row, its audit event and the budget ledgers land in one statement.
public struct ApplicationStore: Sendable {
    let database: Database

    /// The row as `decode` reads it, each column qualified by `alias`. The request's fields are taken apart here, so
    /// a row (a list page has fifty) needs no JSON decoding unless it lists items.
    static func columns(_ alias: String) -> String {
        let a = alias.isEmpty ? "" : "\(alias)."
        return """
            \(a)id, \(a)reference, \(a)programme_id, \(a)cooperative_id, \(a)state, \(a)version, \(a)request->>'amount',
            \(a)request->>'purpose', \(a)request->>'items', \(a)request->>'documents',
            \(a)rule_version, \(a)created_by, \(a)submitted_by, \(a)submitted_at, \(a)assignee, \(a)recommendation::text,
            \(a)decision::text, \(a)evidence::text, \(a)review_due_at, \(a)clock_paused_at, \(a)info_request, \(a)created_at,
            \(a)updated_at, \(a)chain_seq, \(a)chain_head, \(a)intake_due_at, \(a)decided_at, \(a)received_by,
            \(a)info_requests, \(a)further_request_allowed
            """
    }
    static let columns = columns("")
    static let columnCount = SelectList.count(columns)
    /// The application (`a`), its programme and its cooperative, in one row.
    static let lockedColumns = [
        columns("a"), ProgrammeStore.columns,
        SelectList.qualified(CooperativeStore.columns, by: "c"), "coalesce(a.ledger_slot, 0)::int8",
    ].joined(separator: ", ")

    /// What aborts an unlocked write: the row moved on or a ledger had no room (`refuse_stale_write`), another
    /// writer appended this event number first, or the two met in a deadlock.
    static func lostRace(_ error: PSQLError) -> Bool {
        switch error.sqlState {
        case "CC001", "40P01": true
        case "23505": error.serverInfo?[.constraintName] == "application_events_pkey"
        default: false
        }
    }

    /// The review clock's running states as SQL literals (the domain's enum values), so the partial index on them
    /// can serve the overdue list.
    static let runningStates = ApplicationState.reviewClockRunning.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// Applications whose review clock runs with its due instant before `reviewDueBefore`, or that wait for intake
    /// past `intakeDueBefore`: each with its programme's code, its cooperative's name and its assignee's username.
    public func overdue(reviewDueBefore: Date, intakeDueBefore: Date, limit: Int) async throws
        -> [(application: Application, programme: String, cooperative: String, assignee: String?)]
    {
        let rows = try await database.rows(
            """
            SELECT \(unescaped: Self.columns("a")), p.code, c.name, u.username
            FROM applications a JOIN programmes p ON p.id = a.programme_id JOIN cooperatives c ON c.id = a.cooperative_id
            LEFT JOIN users u ON u.id = a.assignee
            WHERE (a.state IN (\(unescaped: Self.runningStates)) AND a.review_due_at < \(reviewDueBefore))
               OR (a.state = 'submitted' AND a.intake_due_at < \(intakeDueBefore))
            ORDER BY a.review_due_at, a.id
            LIMIT \(limit)
            """)
        return try rows.map { row in
            let cells = Cells(row.makeRandomAccess(), from: Self.columnCount)
            return (try Self.decode(row).application, try cells(0), try cells(1), try cells(2))
        }
    }

    /// How many applications there are.
    public func count() async throws -> Int {
        for count in try await database.rows("SELECT count(*)::int FROM applications").decode(Int.self) {
            return count
        }
        return 0
    }

    /// One application by its reference.
    public func get(reference: String) async throws -> Application {
        var statement = Statement()
        statement.sql =
            "SELECT \(Self.columns) FROM applications WHERE reference = \(try statement.bind(reference.uppercased()))"
        let rows = try await database.rows(Prepared<GetByReference>(statement))
        for row in rows { return try Self.decode(row).application }
        throw DomainError.notFound(entity: .application)
    }

    /// The application's audit events in order.
    public func events(of application: Application) async throws -> [StoredEvent] {
        let rows = try await database.rows(
            """
            SELECT seq, at, actor_username, role, channel, action, from_state, to_state, body, prev_hash, hash
            FROM application_events WHERE application_id = \(application.id) ORDER BY seq
            """)
        var events: [StoredEvent] = []
        for (seq, at, username, role, channel, action, from, to, body, previous, hash) in try rows.decode(
            (Int, Date, String, String, String, String, String?, String, Data, Data, Data).self)
        {
            events.append(
                StoredEvent(
                    seq: seq, at: at, actorUsername: username, role: Role(rawValue: role) ?? .applicant,
                    channel: EventChannel(rawValue: channel) ?? .api, action: Action(rawValue: action) ?? .update,
                    from: from.flatMap(ApplicationState.init(rawValue:)),
                    to: ApplicationState(rawValue: to) ?? .draft, body: body, previousHash: previous, hash: hash))
        }
        return events
    }

    /// Checks a reference and access code and returns what the public status shows: the application, its programme
    /// and when it entered each state, read in one round trip. Unknown reference and wrong code look the same (nil).
    public func lookUp(reference: String, accessCode: String) async throws -> PublicCase? {
        guard let parsed = PublicReference(parsing: reference) else { return nil }
        var statement = Statement()
        statement.sql = """
            SELECT \(Self.columns("a")), \(ProgrammeStore.columns), a.access_code_hash,
                h.dates, h.states
            FROM applications a JOIN \(ProgrammeStore.from) ON p.id = a.programme_id
            CROSS JOIN LATERAL (
                SELECT coalesce(array_agg(e.at ORDER BY e.seq), '{}') AS dates,
                       coalesce(array_agg(e.to_state ORDER BY e.seq), '{}') AS states
                FROM application_events e WHERE e.application_id = a.id AND e.from_state IS DISTINCT FROM e.to_state
            ) h
            WHERE a.reference = \(try statement.bind(parsed.value))
            """
        let rows = try await database.rows(Prepared<PublicByReference>(statement))
        for row in rows {
            let access = row.makeRandomAccess()
            let cells = Cells(access, from: Self.columnCount + ProgrammeStore.columnCount)
            guard AccessCode.matches(accessCode, stored: try cells(0, String.self)) else { return nil }
            let dates: [Date] = try cells(1)
            let states: [String] = try cells(2)
            return PublicCase(
                application: try Self.decode(row).application,
                programme: try ProgrammeStore.decode(Cells(access, from: Self.columnCount)),
                history: zip(dates, states).compactMap { at, state in ApplicationState(rawValue: state).map { (at, $0) }
                })
        }
        return nil
    }

    /// Applications visible to `actor`, newest first, one page at a time (keyset pagination).
    public func list(
        programmeCode: String? = nil, state: ApplicationState? = nil, cooperativeId: UUID? = nil, limit: Int = 50,
        cursor: String? = nil, by actor: Actor
    ) async throws -> Page<Application> {
        // Applicants are confined to their own cooperative whatever they ask for.
        var cooperative = cooperativeId
        if actor.role == .applicant {
            if let cooperativeId, cooperativeId != actor.cooperativeId { return Page(items: [], nextCursor: nil) }
            cooperative = actor.cooperativeId
        }
        let after = try cursor.map(Cursor.init(token:))
        // The lender sees loan applications from approval on (Workflow.canSee); everyone else, no such bound.
        let lenderStates: [String]? = actor.role == .lender ? Workflow.lenderStates.map(\.rawValue) : nil
        let rows = try await database.rows(
            """
            SELECT \(unescaped: Self.columns) FROM applications
            WHERE (\(programmeCode)::text IS NULL OR programme_id = (SELECT id FROM programmes WHERE code = \(programmeCode)))
              AND (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue))
              AND (\(lenderStates)::text[] IS NULL OR (state = ANY(\(lenderStates))
                   AND programme_id IN (SELECT id FROM programmes WHERE kind = \(ProgrammeKind.preferentialLoan.rawValue))))
              AND (\(cooperative)::uuid IS NULL OR cooperative_id = \(cooperative))
              AND (\(after?.date)::timestamptz IS NULL OR (created_at, id) < (\(after?.date), \(after?.id)))
            ORDER BY created_at DESC, id DESC
            LIMIT \(limit + 1)
            """)
        var items: [Application] = []
        for row in rows { items.append(try Self.decode(row).application) }
        guard items.count > limit else { return Page(items: items, nextCursor: nil) }
        items.removeLast()
        let last = items[items.count - 1]
        return Page(items: items, nextCursor: Cursor(date: last.createdAt, id: last.id).token)
    }
}
