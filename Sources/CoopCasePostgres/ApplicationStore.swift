// Over 300 lines: the application use cases (create, perform with its retry under the lock, reads) until they move
// to a service layer; the statements it writes with are in ApplicationStore+Write.swift.
import CoopCaseDomain
import Foundation
import PostgresNIO

/// Applications and the workflow use cases. Every change is all or nothing: read the row, check the version, let the
/// domain decide, then update it, append the audit event and move the budget ledgers in one statement.
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
            \(a)updated_at, \(a)chain_seq, \(a)chain_head
            """
    }
    static let columns = columns("")
    static let columnCount = SelectList.count(columns)
    /// The application (`a`), its programme and its cooperative, in one row.
    static let lockedColumns = [
        columns("a"), ProgrammeStore.columns,
        SelectList.qualified(CooperativeStore.columns, by: "c"), "coalesce(a.ledger_slot, 0)::int8",
    ].joined(separator: ", ")

    /// Creates a draft; returns it with its access code, which is shown this once and never again.
    public func create(
        programmeCode: String, cooperativeId: UUID, request: ApplicationRequest, by actor: Actor,
        channel: EventChannel, idempotent: Idempotent? = nil
    ) async throws -> (Application, AccessCode) {
        let now = database.now
        return try await transaction(idempotent) { connection in
            guard let programme = try await database.programmes.find(code: programmeCode, on: connection) else {
                throw DomainError.notFound(entity: .programme)
            }
            guard Workflow.canSee(actor, cooperativeId: cooperativeId) else {
                throw DomainError.notFound(entity: .cooperative)
            }
            let cooperative = try await database.cooperatives.get(id: cooperativeId, on: connection)
            let context = DecisionContext(programme: programme, cooperative: cooperative, now: now)
            // Decide before taking a serial so a refusal does not burn a reference number.
            _ = try Workflow.create(
                id: UUID(), reference: PublicReference(kind: programme.kind, year: programme.fiscalYear, serial: 0),
                request: request, by: actor, context: context)
            var serial = 0
            for try await value in try await connection.run(
                "SELECT nextval('application_serial')", logger: database.logger
            ).decode(Int.self) { serial = value }
            let reference = PublicReference(kind: programme.kind, year: programme.fiscalYear, serial: serial)
            let outcome = try Workflow.create(
                id: UUID(), reference: reference, request: request, by: actor, context: context)
            let code = AccessCode.generate()
            let event = AuditEventBody(outcome: outcome, seq: 1, actor: actor, channel: channel, at: now)
            let body = event.canonicalJSON()
            let hash = AuditChain.hash(previous: AuditChain.genesis, body: body)
            let application = outcome.application
            try await write(
                { statement, _ in
                    let values = try [
                        statement.bind(application.id), statement.bind(application.reference.value),
                        statement.bind(programme.id), statement.bind(cooperative.id),
                        statement.bind(application.state.rawValue), statement.bind(application.version),
                        statement.bind(JSONColumn.encode(application.request)) + "::jsonb",
                        statement.bind(application.request.amount), statement.bind(actor.userId),
                        statement.bind(code.stored()), "1", statement.bind(hash), statement.bind(now),
                        statement.bind(now),
                    ].joined(separator: ", ")
                    statement.sql += """
                        INSERT INTO applications (id, reference, programme_id, cooperative_id, state, version, request,
                            requested_amount, created_by, access_code_hash, chain_seq, chain_head, created_at, updated_at)
                        VALUES (\(values))
                        """
                }, appending: event, body: body, previous: AuditChain.genesis, hash: hash, inserting: true,
                on: connection)
            try await record(idempotent, application, programme.identity, on: connection)
            return (application, code)
        }
    }

    /// Performs a workflow action. `expectedVersion` is the version the caller last saw (nil skips the check,
    /// for callers that just read it in the same breath).
    @discardableResult
    public func perform(
        _ action: Action, on reference: String, input: ActionInput = ActionInput(), expectedVersion: Int?,
        by actor: Actor, channel: EventChannel, idempotent: Idempotent? = nil
    ) async throws -> Application {
        try await perform(
            action, on: reference, reading: { _ in input }, expectedVersion: expectedVersion, by: actor,
            channel: channel, idempotent: idempotent)
    }

    /// As above, with the input read once the programme's kind is known (an adapter's request body depends on it),
    /// after the visibility check and before any other.
    @discardableResult
    public func perform(
        _ action: Action, on reference: String, reading input: (ProgrammeKind) throws -> ActionInput,
        expectedVersion: Int?, by actor: Actor, channel: EventChannel, idempotent: Idempotent? = nil
    ) async throws -> Application {
        let now = database.now
        // Most actions meet no concurrent change: decided on the row as read, written in one statement that lands only
        // if the row is still that version and every ledger had room. Anything else is done again under the lock,
        // which also says precisely why a ledger refused. A response stored under an idempotency key must commit with
        // the action, so those take the lock from the start.
        if idempotent == nil {
            let done = try await database.client.withConnection { connection -> Application? in
                let (read, programme, cooperative) = try await fetch(reference, locking: false, on: connection)
                let decided = try decide(
                    action, input, expectedVersion, by: actor, channel: channel, at: now, on: read,
                    programme: programme, cooperative: cooperative,
                    pinned: try await pinnedRules(action, read, programme, on: connection))
                do {
                    try await write(decided, read: read, programme: programme, unlocked: true, on: connection)
                } catch let error as PSQLError where Self.lostRace(error) {
                    return nil
                }
                return decided.outcome.application
            }
            if let done { return done }
        }
        return try await transaction(idempotent) { connection in
            let (locked, programme, cooperative) = try await fetch(reference, locking: true, on: connection)
            let decided = try decide(
                action, input, expectedVersion, by: actor, channel: channel, at: now, on: locked,
                programme: programme, cooperative: cooperative,
                pinned: try await pinnedRules(action, locked, programme, on: connection))
            try await record(idempotent, decided.outcome.application, programme.identity, on: connection)
            try await write(decided, read: locked, programme: programme, unlocked: false, on: connection)
            return decided.outcome.application
        }
    }

    /// The rules a resubmission is judged by, when its pinned version is no longer the programme's current one; nil
    /// otherwise (no statement for the common case).
    func pinnedRules(
        _ action: Action, _ read: FetchedApplication, _ programme: Programme, on connection: PostgresConnection
    ) async throws -> EligibilityRuleSet? {
        guard action == .resubmit, let version = read.application.ruleVersion, version != programme.rules.version
        else { return nil }
        let rows = try await connection.run(
            """
            SELECT rules::text FROM programme_rule_versions
            WHERE programme_id = \(programme.id) AND version = \(version)
            """, logger: database.logger)
        for try await text in rows.decode(String.self) {
            return EligibilityRuleSet(version: version, rules: try JSONColumn.decode([EligibilityRule].self, text))
        }
        return nil
    }

    /// A decided action: the outcome and the event that records it.
    struct Decided {
        var outcome: Outcome
        var event: AuditEventBody
        var body: Data
        var hash: Data
    }

    /// The checks, in the order a caller is told about them, and the domain's decision on the application as read.
    func decide(
        _ action: Action, _ input: (ProgrammeKind) throws -> ActionInput, _ expectedVersion: Int?, by actor: Actor,
        channel: EventChannel, at now: Date, on read: FetchedApplication, programme: Programme,
        cooperative: Cooperative, pinned: EligibilityRuleSet?
    ) throws -> Decided {
        let outcome = try Workflow.judge(
            action, reading: input, expectedVersion: expectedVersion, on: read.application, by: actor,
            context: DecisionContext(programme: programme, cooperative: cooperative, now: now, pinnedRules: pinned))
        let event = AuditEventBody(outcome: outcome, seq: read.chainSeq + 1, actor: actor, channel: channel, at: now)
        let body = event.canonicalJSON()
        return Decided(
            outcome: outcome, event: event, body: body, hash: AuditChain.hash(previous: read.chainHead, body: body))
    }

    /// Writes a decided action over the application as it was read. `unlocked`: it was read without a lock, so the
    /// statement also checks it is still that version, and aborts when it is not or a ledger has no room.
    func write(
        _ decided: Decided, read: FetchedApplication, programme: Programme, unlocked: Bool,
        on connection: PostgresConnection
    ) async throws {
        let application = decided.outcome.application
        try await write(
            {
                try Self.update(
                    application, chainSeq: decided.event.seq, chainHead: decided.hash, takingSlot: $1, into: &$0)
            },
            appending: decided.event, body: decided.body, previous: read.chainHead, hash: decided.hash,
            moving: decided.outcome.ledger, programme: programme, cooperativeId: application.cooperativeId,
            slot: read.ledgerSlot, readVersion: unlocked ? read.application.version : nil, on: connection)
    }

    /// What aborts an unlocked write: the row moved on or a ledger had no room (`refuse_stale_write`), another
    /// writer appended this event number first, or the two met in a deadlock.
    static func lostRace(_ error: PSQLError) -> Bool {
        switch error.sqlState {
        case "CC001", "40P01": true
        case "23505": error.serverInfo?[.constraintName] == "application_events_pkey"
        default: false
        }
    }

    /// Reads one application, if `actor` may see it.
    public func get(reference: String, by actor: Actor) async throws -> Application {
        var statement = Statement()
        statement.sql =
            "SELECT \(Self.columns) FROM applications WHERE reference = \(try statement.bind(reference.uppercased()))"
        let rows = try await database.rows(Prepared<GetByReference>(statement))
        for row in rows {
            let application = try Self.decode(row).application
            guard Workflow.canSee(actor, cooperativeId: application.cooperativeId) else { break }
            if actor.role == .lender {
                // Only the lender's visibility depends on the programme's kind (from memory after its first read).
                let kind = try await database.programmes.identities([application.programmeId])[application.programmeId]
                guard let kind, Workflow.canSee(actor, application, kind: kind.kind) else { break }
            }
            return application
        }
        throw DomainError.notFound(entity: .application)
    }

    /// What `actor` may do now to the application.
    public func allowedActions(reference: String, by actor: Actor) async throws -> [Action] {
        let application = try await get(reference: reference, by: actor)
        let programme = try await database.client.withConnection {
            try await database.programmes.get(id: application.programmeId, on: $0)
        }
        return Workflow.allowedActions(for: actor, on: application, programme: programme)
    }

    /// The application's audit events in order.
    public func events(reference: String, by actor: Actor) async throws -> [StoredEvent] {
        let application = try await get(reference: reference, by: actor)
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
