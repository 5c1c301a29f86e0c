import CoopCaseDomain
import Foundation
import PostgresNIO

/// An application with its chain position and budget slot, as read for an action.
struct FetchedApplication {
    var application: Application
    var chainSeq: Int
    var chainHead: Data
    /// The programme budget slot its money is held in.
    var ledgerSlot = 0
}

/// What the public status lookup shows: the application, its programme, and when it entered each state.
public struct PublicCase: Sendable {
    public var application: Application
    public var programme: Programme
    public var history: [(Date, ApplicationState)]
}

/// One audit event as stored.
public struct StoredEvent: Sendable, Equatable {
    public var seq: Int
    public var at: Date
    public var actorUsername: String
    public var role: Role
    public var channel: EventChannel
    public var action: Action
    public var from: ApplicationState?
    public var to: ApplicationState
    public var body: Data
    public var previousHash: Data
    public var hash: Data
}

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
    private func pinnedRules(
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
    private struct Decided {
        var outcome: Outcome
        var event: AuditEventBody
        var body: Data
        var hash: Data
    }

    /// The checks, in the order a caller is told about them, and the domain's decision on the application as read.
    private func decide(
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
    private func write(
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
    private static func lostRace(_ error: PSQLError) -> Bool {
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

    // MARK: - Inside the transaction

    /// Runs `body` in a transaction; a concurrent request that stored the same idempotency key first wins.
    private func transaction<Result: Sendable>(
        _ idempotent: Idempotent?, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await database.client.transaction(logger: database.logger) { connection in
                // Requests with one key take turns, and a later one finding the key stored replays it: a retry is
                // answered with what its first try did, never judged again (where its If-Match would now be stale).
                if let request = idempotent?.request {
                    let key = "\(request.userId.uuidString):\(request.key)"
                    try await connection.run(
                        "SELECT pg_advisory_xact_lock(hashtextextended(\(key), 7))", logger: database.logger)
                    let stored = try await connection.run(
                        "SELECT 1 FROM idempotency_keys WHERE user_id = \(request.userId) AND key = \(request.key)",
                        logger: database.logger)
                    for try await _ in stored { throw IdempotencyError.inFlight }
                }
                return try await body(connection)
            }
        } catch let error as PSQLError
            where idempotent != nil && error.sqlState == "23505"
            && error.serverInfo?[.constraintName] == "idempotency_keys_pkey"
        {
            throw IdempotencyError.inFlight
        }
    }

    private func record(
        _ idempotent: Idempotent?, _ application: Application, _ programme: ProgrammeIdentity,
        on connection: PostgresConnection
    ) async throws {
        guard let idempotent else { return }
        try await database.idempotency.record(
            idempotent.request, try idempotent.respond(application, programme), on: connection)
    }

    /// Reads the application, locked or not, with its programme and cooperative in the same round trip.
    private func fetch(_ reference: String, locking: Bool, on connection: PostgresConnection) async throws -> (
        FetchedApplication, Programme, Cooperative
    ) {
        var statement = Statement()
        statement.sql = """
            SELECT \(Self.lockedColumns) FROM applications a
            JOIN \(ProgrammeStore.from) ON p.id = a.programme_id
            JOIN cooperatives c ON c.id = a.cooperative_id
            WHERE a.reference = \(try statement.bind(reference.uppercased()))\(locking ? " FOR UPDATE OF a" : "")
            """
        let shape: any StatementShape.Type = locking ? LockByReference.self : ReadForAction.self
        for try await row in try await execute(shape, statement, on: connection) {
            let cells = row.makeRandomAccess()
            var fetched = try Self.decode(row)
            let cooperativeAt = Self.columnCount + ProgrammeStore.columnCount
            fetched.ledgerSlot = try cells[cooperativeAt + CooperativeStore.columnCount].decode(Int.self)
            return (
                fetched, try ProgrammeStore.decode(Cells(cells, from: Self.columnCount)),
                try CooperativeStore.decode(Cells(cells, from: cooperativeAt))
            )
        }
        throw DomainError.notFound(entity: .application)
    }

    private static func update(
        _ application: Application, chainSeq: Int, chainHead: Data, takingSlot: Bool, into statement: inout Statement
    ) throws {
        let approvedBy = application.decision?.kind == .approve ? application.decision?.by : nil
        let assignments = try [
            "state = \(statement.bind(application.state.rawValue))",
            "version = \(statement.bind(application.version))",
            "request = \(statement.bind(JSONColumn.encode(application.request)))::jsonb",
            "requested_amount = \(statement.bind(application.request.amount))",
            "rule_version = \(statement.bind(application.ruleVersion))",
            "submitted_by = \(statement.bind(application.submittedBy))",
            "submitted_at = \(statement.bind(application.submittedAt))",
            "assignee = \(statement.bind(application.assignee))",
            "recommendation = \(statement.bind(JSONColumn.encodeOptional(application.recommendation)))::jsonb",
            "recommended_by = \(statement.bind(application.recommendation?.by))",
            "decision = \(statement.bind(JSONColumn.encodeOptional(application.decision)))::jsonb",
            "approved_by = \(statement.bind(approvedBy))",
            "evidence = \(statement.bind(JSONColumn.encodeOptional(application.evidence)))::jsonb",
            "review_due_at = \(statement.bind(application.reviewDueAt))",
            "clock_paused_at = \(statement.bind(application.clockPausedAt))",
            "info_request = \(statement.bind(application.infoRequest))",
            "chain_seq = \(statement.bind(chainSeq))", "chain_head = \(statement.bind(chainHead))",
            "updated_at = \(statement.bind(application.updatedAt))",
        ].joined(separator: ", ")
        let slot = takingSlot ? ", ledger_slot = (SELECT slot FROM programme)" : ""
        statement.sql +=
            "UPDATE applications SET \(assignments)\(slot) WHERE id = \(try statement.bind(application.id))"
    }

    /// Runs `change` (the INSERT or UPDATE of the application row), appends its event and moves the ledgers in one
    /// statement: all land or none do, and the ledger rows stay locked only for that statement and the COMMIT that
    /// follows. Ledger moves are conditional UPDATEs, so the invariant holds under any concurrency without reading
    /// first. A growth takes a budget slot with room that no one else holds, starting from a random one so
    /// concurrent decisions spread over the slots, and `change` records it (`ledger_slot = (SELECT slot FROM
    /// programme)`); it never waits for a slot, so it never holds one while waiting for another (a rebalance takes them
    /// all, in order). Any other move uses the slot the application holds its money in. A cooperative cap that would
    /// be passed refuses the action, which rolls the whole transaction back; when no free slot has room, the programme
    /// is rebalanced. With `readVersion` (the row was read without a lock) the statement is its own transaction: it
    /// locks the row first and raises, landing nothing, unless the row is still at that version and every part landed.
    private func write(
        _ change: (inout Statement, _ takesSlot: Bool) throws -> Void, appending event: AuditEventBody, body: Data,
        previous: Data,
        hash: Data, inserting: Bool = false, moving delta: LedgerDelta = .zero, programme: Programme? = nil,
        cooperativeId: UUID? = nil, slot: Int = 0, readVersion: Int? = nil, on connection: PostgresConnection
    ) async throws {
        var statement = Statement()
        var parts: [String] = []
        if let readVersion {
            // Taken first, as the locking path takes it first, so the two never wait for each other in a cycle.
            parts.append(
                """
                held AS MATERIALIZED (SELECT 1 FROM applications WHERE id = \(try statement.bind(event.application))
                    AND version = \(try statement.bind(readVersion)) FOR UPDATE)
                """)
        }
        var counted = ["1", "1"]
        // The statement's text depends on what it changes and which ledgers move; each text is prepared once.
        var shape: any StatementShape.Type = inserting ? WriteNew.self : WriteOnly.self
        if let programme, let cooperativeId, !delta.isZero {
            let grows = delta.total > 0
            let (reserved, committed, spent) = try (
                statement.bind(delta.reserved), statement.bind(delta.committed), statement.bind(delta.spent)
            )
            let (total, programmeId) = try (statement.bind(delta.total), statement.bind(programme.id))
            if let cap = programme.capPerCooperative {
                let (cooperative, limit) = try (statement.bind(cooperativeId), statement.bind(cap))
                // A growth may be the first for this cooperative, so it may create the row (one past the cap proposes
                // none); a move between columns finds the row there.
                parts.append(
                    delta.onlyGrows
                        ? """
                        cooperative AS (INSERT INTO cooperative_ledgers AS l (programme_id, cooperative_id, cap,
                            reserved, committed, spent)
                        SELECT \(programmeId), \(cooperative), \(limit), \(reserved), \(committed), \(spent)
                        WHERE \(total) <= \(limit)
                        ON CONFLICT (programme_id, cooperative_id) DO UPDATE SET reserved = l.reserved + EXCLUDED.reserved,
                            committed = l.committed + EXCLUDED.committed, spent = l.spent + EXCLUDED.spent
                        WHERE l.reserved + l.committed + l.spent + \(total) <= l.cap
                        RETURNING 1)
                        """
                        : """
                        cooperative AS (UPDATE cooperative_ledgers SET reserved = reserved + \(reserved),
                            committed = committed + \(committed), spent = spent + \(spent)
                        WHERE programme_id = \(programmeId) AND cooperative_id = \(cooperative)
                            AND (\(try statement.bind(!grows)) OR reserved + committed + spent + \(total) <= cap)
                        RETURNING 1)
                        """)
                counted[0] = "(SELECT count(*) FROM cooperative)"
            }
            if delta.onlyGrows {
                // The slot is picked in a materialized CTE, evaluated exactly once. As a subquery joined in the
                // UPDATE it once yielded two slots under a burst of concurrent growths (the HTTP benchmark: 21
                // "more than one row returned by a subquery" from `ledger_slot`, so nothing was written twice).
                parts.append(
                    """
                    pick AS MATERIALIZED (SELECT slot FROM programme_ledgers
                        WHERE programme_id = \(programmeId) AND reserved + committed + spent + \(total) <= budget
                        ORDER BY (slot + \(try statement.bind(Int.random(in: 0..<BudgetSlots.count)))) % \(BudgetSlots.count)
                        LIMIT 1 FOR UPDATE SKIP LOCKED),
                    programme AS (UPDATE programme_ledgers l SET reserved = l.reserved + \(reserved),
                        committed = l.committed + \(committed), spent = l.spent + \(spent)
                    FROM pick WHERE l.programme_id = \(programmeId) AND l.slot = pick.slot
                    RETURNING l.slot)
                    """)
                shape = programme.capPerCooperative == nil ? WriteGrowing.self : WriteGrowingCapped.self
            } else {
                parts.append(
                    """
                    programme AS (UPDATE programme_ledgers SET reserved = reserved + \(reserved),
                        committed = committed + \(committed), spent = spent + \(spent)
                    WHERE programme_id = \(programmeId) AND slot = \(try statement.bind(slot))
                        AND (\(try statement.bind(!grows)) OR reserved + committed + spent + \(total) <= budget)
                    RETURNING slot)
                    """)
                shape = programme.capPerCooperative == nil ? WriteMoving.self : WriteMovingCapped.self
            }
            counted[1] = "(SELECT count(*) FROM programme)"
        }
        var changed = "change AS ("
        swap(&statement.sql, &changed)
        // A growth records the slot it takes.
        let takesSlot = programme != nil && cooperativeId != nil && delta.onlyGrows
        try change(&statement, takesSlot)
        swap(&statement.sql, &changed)
        parts.append(changed + " RETURNING 1)")
        let at: Date = try JSONColumn.decode(Date.self, "\"\(event.at)\"")
        let values = try [
            statement.bind(event.application), statement.bind(event.seq), statement.bind(at),
            statement.bind(event.actor.id), statement.bind(event.actor.username),
            statement.bind(event.actor.role.rawValue), statement.bind(event.channel.rawValue),
            statement.bind(event.action.rawValue), statement.bind(event.from?.rawValue),
            statement.bind(event.to.rawValue), statement.bind(body), statement.bind(previous), statement.bind(hash),
        ].joined(separator: ", ")
        parts.append(
            """
            event AS (INSERT INTO application_events (application_id, seq, at, actor_id, actor_username, role,
                channel, action, from_state, to_state, body, prev_hash, hash)
            VALUES (\(values)) RETURNING 1)
            """)
        // Reading the parts in this order runs them in this order, in every transaction alike: the cooperative's
        // ledger row, then the application and its event — a growth's change reads its programme slot first — and
        // the programme's slot last. The application row is already locked (by the locking read, or by `held`, which
        // is read first).
        let counts =
            "\(counted[0])::int8, (SELECT count(*) FROM change) + (SELECT count(*) FROM event), \(counted[1])::int8"
        statement.sql = "WITH " + parts.joined(separator: ",\n")
        if readVersion == nil {
            statement.sql += "\nSELECT \(counts)"
        } else {
            // All of it, or an error that takes all of it back (this statement is its own transaction).
            statement.sql += """
                ,
                counts (held, cooperative, written, programme) AS MATERIALIZED (
                    SELECT (SELECT count(*) FROM held), \(counts))
                SELECT CASE WHEN held = 1 AND cooperative > 0 AND written = 2 AND programme > 0 THEN cooperative
                    ELSE refuse_stale_write() END, written, programme FROM counts
                """
            shape = Self.unlocked(shape)
        }
        var moved: (cooperative: Int64, programme: Int64) = (0, 0)
        for try await row in try await execute(shape, statement, on: connection) {
            (moved.cooperative, _, moved.programme) = try row.decode((Int64, Int64, Int64).self)
        }
        guard let programme, let cooperativeId else { return }
        if moved.cooperative == 0, let cap = programme.capPerCooperative {
            let used = try await scalar(
                """
                SELECT reserved + committed + spent FROM cooperative_ledgers
                WHERE programme_id = \(programme.id) AND cooperative_id = \(cooperativeId)
                """, on: connection)
            throw DomainError.cooperativeCapExceeded(cap: cap, used: used, requested: delta.total)
        }
        if moved.programme == 0 {
            try await rebalance(
                programme, moving: delta, into: delta.onlyGrows ? Int.random(in: 0..<BudgetSlots.count) : slot,
                for: event.application, on: connection)
        }
    }

    /// No slot had room for the move: locks every slot of the programme (in slot order, as every rebalance does),
    /// spreads the unused budget so `target` has room, and moves the money there — or refuses when the programme as a
    /// whole has no room.
    private func rebalance(
        _ programme: Programme, moving delta: LedgerDelta, into target: Int, for applicationId: UUID,
        on connection: PostgresConnection
    ) async throws {
        var slots: [BudgetLedger] = []
        for try await (budget, reserved, committed, spent) in try await connection.run(
            """
            SELECT budget, reserved, committed, spent FROM programme_ledgers
            WHERE programme_id = \(programme.id) ORDER BY slot FOR UPDATE
            """, logger: database.logger
        ).decode((Int64, Int64, Int64, Int64).self) {
            slots.append(BudgetLedger(limit: budget, reserved: reserved, committed: committed, spent: spent))
        }
        guard let shares = BudgetSlots.rebalance(slots, target: target, growth: max(delta.total, 0)) else {
            throw DomainError.budgetExhausted(requested: delta.total, available: BudgetSlots.available(slots))
        }
        try await connection.run(
            """
            UPDATE programme_ledgers l SET budget = s.share,
                reserved = l.reserved + CASE WHEN l.slot = \(target) THEN \(delta.reserved) ELSE 0 END,
                committed = l.committed + CASE WHEN l.slot = \(target) THEN \(delta.committed) ELSE 0 END,
                spent = l.spent + CASE WHEN l.slot = \(target) THEN \(delta.spent) ELSE 0 END
            FROM unnest(\(shares)::int8[]) WITH ORDINALITY AS s (share, slot)
            WHERE l.programme_id = \(programme.id) AND l.slot = s.slot - 1
            """, logger: database.logger)
        try await connection.run(
            "UPDATE applications SET ledger_slot = \(target) WHERE id = \(applicationId)", logger: database.logger)
    }

    /// The statements a transition writes with, one shape per text (see `Prepared`).
    enum WriteNew: StatementShape {}
    enum WriteOnly: StatementShape {}
    enum WriteGrowing: StatementShape {}
    enum WriteGrowingCapped: StatementShape {}
    enum WriteMoving: StatementShape {}
    enum WriteMovingCapped: StatementShape {}
    enum GetByReference: StatementShape {}
    enum LockByReference: StatementShape {}
    enum ReadForAction: StatementShape {}
    /// A write over a row read without a lock (`readVersion`).
    enum Unlocked<Written: StatementShape>: StatementShape {}
    enum PublicByReference: StatementShape {}

    private static func unlocked(_ shape: any StatementShape.Type) -> any StatementShape.Type {
        func wrap<Written: StatementShape>(_: Written.Type) -> any StatementShape.Type { Unlocked<Written>.self }
        return wrap(shape)
    }

    private func execute(_ shape: any StatementShape.Type, _ statement: Statement, on connection: PostgresConnection)
        async throws -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>
    {
        func run<Shape: StatementShape>(_: Shape.Type) async throws
            -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>
        {
            try await connection.run(Prepared<Shape>(statement), logger: database.logger)
        }
        return try await run(shape)
    }

    private func scalar(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> Int64 {
        for try await value in try await connection.run(query, logger: database.logger).decode(Int64.self) {
            return value
        }
        return 0
    }

    static func decode(_ row: PostgresRow) throws -> FetchedApplication {
        // Cell by cell with concrete types: a tuple decode looks up generic metadata on every row.
        let cells = row.makeRandomAccess()
        guard let parsedReference = PublicReference(parsing: try cells[1].decode(String.self)),
            let parsedState = ApplicationState(rawValue: try cells[4].decode(String.self)),
            let amount = Int64(try cells[6].decode(String?.self) ?? ""), let purpose = try cells[7].decode(String?.self)
        else { throw DomainError.validation(field: "application", reason: .unknownValue) }
        let items = try cells[8].decode(String?.self).flatMap { $0 == "[]" ? nil : $0 }
        let request = ApplicationRequest(
            amount: amount, purpose: purpose,
            items: try items.map { try JSONColumn.decode([RequestedItem].self, $0) } ?? [],
            documents: try JSONColumn.strings(try cells[9].decode(String?.self)))
        var application = Application(
            id: try cells[0].decode(UUID.self), reference: parsedReference, programmeId: try cells[2].decode(UUID.self),
            cooperativeId: try cells[3].decode(UUID.self), request: request, createdBy: try cells[11].decode(UUID.self),
            at: try cells[21].decode(Date.self))
        application.state = parsedState
        application.version = try cells[5].decode(Int.self)
        application.ruleVersion = try cells[10].decode(Int?.self)
        application.submittedBy = try cells[12].decode(UUID?.self)
        application.submittedAt = try cells[13].decode(Date?.self)
        application.assignee = try cells[14].decode(UUID?.self)
        application.recommendation = try JSONColumn.decode(Recommendation.self, try cells[15].decode(String?.self))
        application.decision = try JSONColumn.decode(Decision.self, try cells[16].decode(String?.self))
        application.evidence = try JSONColumn.decode(FulfilmentEvidence.self, try cells[17].decode(String?.self))
        application.reviewDueAt = try cells[18].decode(Date?.self)
        application.clockPausedAt = try cells[19].decode(Date?.self)
        application.infoRequest = try cells[20].decode(String?.self)
        application.updatedAt = try cells[22].decode(Date.self)
        return FetchedApplication(
            application: application, chainSeq: try cells[23].decode(Int.self),
            chainHead: try cells[24].decode(Data.self))
    }
}
