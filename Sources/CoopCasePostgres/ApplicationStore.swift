import CoopCaseDomain
import Foundation
import PostgresNIO

/// An application with its chain position, as read under lock.
struct LockedApplication {
    var application: Application
    var chainSeq: Int
    var chainHead: Data
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

/// Applications and the workflow use cases. Every change is one transaction: lock the row, check the
/// version, let the domain decide, append the audit event, move the budget ledgers. All or nothing.
public struct ApplicationStore: Sendable {
    let database: Database

    static let columns = """
        id, reference, programme_id, cooperative_id, state, version, request::text, rule_version, created_by,
        submitted_by, submitted_at, assignee, recommendation::text, decision::text, evidence::text, review_due_at,
        clock_paused_at, info_request, created_at, updated_at, chain_seq, chain_head
        """
    static let columnCount = SelectList.count(columns)
    /// The application (`a`), its programme and its cooperative, in one row.
    static let lockedColumns = [
        SelectList.qualified(columns, by: "a"), ProgrammeStore.columns,
        SelectList.qualified(CooperativeStore.columns, by: "c"),
    ].joined(separator: ", ")

    /// Creates a draft; returns it with its access code, which is shown this once and never again.
    public func create(
        programmeCode: String, cooperativeId: UUID, request: ApplicationRequest, by actor: Actor,
        channel: EventChannel, idempotent: Idempotent? = nil
    ) async throws -> (Application, AccessCode) {
        let now = database.now
        return try await transaction(idempotent) { connection in
            guard let programme = try await database.programmes.find(code: programmeCode, on: connection) else {
                throw DomainError.notFound(entity: "programme")
            }
            guard Workflow.canSee(actor, cooperativeId: cooperativeId) else {
                throw DomainError.notFound(entity: "cooperative")
            }
            let cooperative = try await database.cooperatives.get(id: cooperativeId, on: connection)
            let context = DecisionContext(programme: programme, cooperative: cooperative, now: now)
            // Decide before taking a serial so a refusal does not burn a reference number.
            _ = try Workflow.create(
                id: UUID(), reference: PublicReference(kind: programme.kind, year: programme.fiscalYear, serial: 0),
                request: request, by: actor, context: context)
            var serial = 0
            for try await value in try await connection.query(
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
            let insert: PostgresQuery = try """
            INSERT INTO applications (id, reference, programme_id, cooperative_id, state, version, request,
                requested_amount, created_by, access_code_hash, chain_seq, chain_head, created_at, updated_at)
            VALUES (\(application.id), \(application.reference.value), \(programme.id), \(cooperative.id),
                \(application.state.rawValue), \(application.version), \(JSONColumn.encode(application.request))::jsonb,
                \(application.request.amount), \(actor.userId), \(code.stored()), 1, \(hash), \(now), \(now))
            """
            try await write(
                insert, appending: event, body: body, previous: AuditChain.genesis, hash: hash, on: connection)
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
        return try await transaction(idempotent) { connection in
            let (locked, programme, cooperative) = try await lock(reference: reference, on: connection)
            let current = locked.application
            guard Workflow.canSee(actor, cooperativeId: current.cooperativeId) else {
                throw DomainError.notFound(entity: "application")
            }
            let input = try input(programme.kind)
            // A role that may never do this is told so before being told its copy is stale.
            try Workflow.authorizeRole(action, by: actor, programme: programme)
            if let expectedVersion, expectedVersion != current.version {
                throw DomainError.stale(expected: expectedVersion, actual: current.version)
            }
            let outcome = try Workflow.decide(
                action, input: input, on: current, by: actor,
                context: DecisionContext(programme: programme, cooperative: cooperative, now: now))
            let event = AuditEventBody(
                outcome: outcome, seq: locked.chainSeq + 1, actor: actor, channel: channel, at: now)
            let body = event.canonicalJSON()
            let hash = AuditChain.hash(previous: locked.chainHead, body: body)
            try await record(idempotent, outcome.application, programme.identity, on: connection)
            try await write(
                try Self.update(outcome.application, chainSeq: event.seq, chainHead: hash), appending: event,
                body: body, previous: locked.chainHead, hash: hash, moving: outcome.ledger, programme: programme,
                cooperativeId: current.cooperativeId, on: connection)
            return outcome.application
        }
    }

    /// Reads one application, if `actor` may see it.
    public func get(reference: String, by actor: Actor) async throws -> Application {
        let rows = try await database.client.query(
            "SELECT \(unescaped: Self.columns) FROM applications WHERE reference = \(reference.uppercased())",
            logger: database.logger)
        for try await row in rows {
            let application = try Self.decode(row).application
            guard Workflow.canSee(actor, cooperativeId: application.cooperativeId) else { break }
            return application
        }
        throw DomainError.notFound(entity: "application")
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
        let rows = try await database.client.query(
            """
            SELECT seq, at, actor_username, role, channel, action, from_state, to_state, body, prev_hash, hash
            FROM application_events WHERE application_id = \(application.id) ORDER BY seq
            """, logger: database.logger)
        var events: [StoredEvent] = []
        for try await (seq, at, username, role, channel, action, from, to, body, previous, hash) in rows.decode(
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

    /// Checks a reference and access code; unknown reference and wrong code look the same (nil).
    public func lookUp(reference: String, accessCode: String) async throws -> Application? {
        guard let parsed = PublicReference(parsing: reference) else { return nil }
        let rows = try await database.client.query(
            """
            SELECT \(unescaped: Self.columns), access_code_hash FROM applications WHERE reference = \(parsed.value)
            """, logger: database.logger)
        for try await row in rows {
            let stored = try row.makeRandomAccess()[22].decode(String.self)
            guard AccessCode.matches(accessCode, stored: stored) else { return nil }
            return try Self.decode(row).application
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
        let rows = try await database.client.query(
            """
            SELECT \(unescaped: Self.columns) FROM applications
            WHERE (\(programmeCode)::text IS NULL OR programme_id = (SELECT id FROM programmes WHERE code = \(programmeCode)))
              AND (\(state?.rawValue)::text IS NULL OR state = \(state?.rawValue))
              AND (\(cooperative)::uuid IS NULL OR cooperative_id = \(cooperative))
              AND (\(after?.date)::timestamptz IS NULL OR (created_at, id) < (\(after?.date), \(after?.id)))
            ORDER BY created_at DESC, id DESC
            LIMIT \(limit + 1)
            """, logger: database.logger)
        var items: [Application] = []
        for try await row in rows { items.append(try Self.decode(row).application) }
        guard items.count > limit else { return Page(items: items, nextCursor: nil) }
        items.removeLast()
        let last = items[items.count - 1]
        return Page(items: items, nextCursor: Cursor(date: last.createdAt, id: last.id).token)
    }

    /// The public steps of an application: when it entered each state.
    public func publicHistory(applicationId: UUID) async throws -> [(Date, ApplicationState)] {
        let rows = try await database.client.query(
            """
            SELECT at, to_state FROM application_events
            WHERE application_id = \(applicationId) AND from_state IS DISTINCT FROM to_state ORDER BY seq
            """, logger: database.logger)
        var steps: [(Date, ApplicationState)] = []
        for try await (at, state) in rows.decode((Date, String).self) {
            if let state = ApplicationState(rawValue: state) { steps.append((at, state)) }
        }
        return steps
    }

    // MARK: - Inside the transaction

    /// Runs `body` in a transaction; a concurrent request that stored the same idempotency key first wins.
    private func transaction<Result: Sendable>(
        _ idempotent: Idempotent?, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await database.client.transaction(logger: database.logger, body)
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

    /// Locks the application and reads its programme and cooperative in the same round trip.
    private func lock(reference: String, on connection: PostgresConnection) async throws -> (
        LockedApplication, Programme, Cooperative
    ) {
        let rows = try await connection.query(
            """
            SELECT \(unescaped: Self.lockedColumns) FROM applications a
            JOIN \(unescaped: ProgrammeStore.from) ON p.id = a.programme_id
            JOIN cooperatives c ON c.id = a.cooperative_id
            WHERE a.reference = \(reference.uppercased()) FOR UPDATE OF a
            """, logger: database.logger)
        for try await row in rows {
            let cells = row.makeRandomAccess()
            return (
                try Self.decode(row), try ProgrammeStore.decode(Cells(cells, from: Self.columnCount)),
                try CooperativeStore.decode(Cells(cells, from: Self.columnCount + ProgrammeStore.columnCount))
            )
        }
        throw DomainError.notFound(entity: "application")
    }

    private static func update(_ application: Application, chainSeq: Int, chainHead: Data) throws -> PostgresQuery {
        let approvedBy = application.decision?.kind == .approve ? application.decision?.by : nil
        return try """
        UPDATE applications SET state = \(application.state.rawValue), version = \(application.version),
            request = \(JSONColumn.encode(application.request))::jsonb, requested_amount = \(application.request.amount),
            rule_version = \(application.ruleVersion), submitted_by = \(application.submittedBy),
            submitted_at = \(application.submittedAt), assignee = \(application.assignee),
            recommendation = \(JSONColumn.encodeOptional(application.recommendation))::jsonb,
            recommended_by = \(application.recommendation?.by),
            decision = \(JSONColumn.encodeOptional(application.decision))::jsonb, approved_by = \(approvedBy),
            evidence = \(JSONColumn.encodeOptional(application.evidence))::jsonb, review_due_at = \(application.reviewDueAt),
            clock_paused_at = \(application.clockPausedAt), info_request = \(application.infoRequest),
            chain_seq = \(chainSeq), chain_head = \(chainHead), updated_at = \(application.updatedAt)
        WHERE id = \(application.id)
        """
    }

    /// Runs `change` (the INSERT or UPDATE of the application row), appends its event and moves the ledgers in one
    /// statement: all land or none do, and the programme's ledger row — the hot spot every decision in a programme
    /// touches — stays locked only until the COMMIT that follows. Ledger moves are conditional UPDATEs, so the
    /// invariant holds under any concurrency without reading first; a move that would break it changes no row and
    /// is refused here, which rolls the whole transaction back.
    private func write(
        _ change: PostgresQuery, appending event: AuditEventBody, body: Data, previous: Data, hash: Data,
        moving delta: LedgerDelta = .zero, programme: Programme? = nil, cooperativeId: UUID? = nil,
        on connection: PostgresConnection
    ) async throws {
        var statement = Statement(change)
        statement.sql = "WITH change AS (\(change.sql) RETURNING 1),\n"
        let at: Date = try JSONColumn.decode(Date.self, "\"\(event.at)\"")
        let values = try [
            statement.bind(event.application), statement.bind(event.seq), statement.bind(at),
            statement.bind(event.actor.id), statement.bind(event.actor.username),
            statement.bind(event.actor.role.rawValue), statement.bind(event.channel.rawValue),
            statement.bind(event.action.rawValue), statement.bind(event.from?.rawValue),
            statement.bind(event.to.rawValue), statement.bind(body), statement.bind(previous), statement.bind(hash),
        ].joined(separator: ", ")
        statement.sql += """
            event AS (INSERT INTO application_events (application_id, seq, at, actor_id, actor_username, role,
                channel, action, from_state, to_state, body, prev_hash, hash)
            VALUES (\(values)) RETURNING 1)
            """
        var counted = ["1", "1"]
        if let programme, let cooperativeId, !delta.isZero {
            let grows = delta.total > 0
            let (reserved, committed, spent) = try (
                statement.bind(delta.reserved), statement.bind(delta.committed), statement.bind(delta.spent)
            )
            let (total, programmeId) = try (statement.bind(delta.total), statement.bind(programme.id))
            if let cap = programme.capPerCooperative {
                let (cooperative, limit) = try (statement.bind(cooperativeId), statement.bind(cap))
                // A delta with nothing negative may be the first for this cooperative, so it may create the row (a
                // growth past the cap proposes none); one that moves money between columns finds the row there.
                statement.sql +=
                    delta.reserved >= 0 && delta.committed >= 0 && delta.spent >= 0
                    ? """
                    ,
                    cooperative AS (INSERT INTO cooperative_ledgers AS l (programme_id, cooperative_id, cap, reserved,
                        committed, spent)
                    SELECT \(programmeId), \(cooperative), \(limit), \(reserved), \(committed), \(spent)
                    WHERE \(total) <= \(limit)
                    ON CONFLICT (programme_id, cooperative_id) DO UPDATE SET reserved = l.reserved + EXCLUDED.reserved,
                        committed = l.committed + EXCLUDED.committed, spent = l.spent + EXCLUDED.spent
                    WHERE l.reserved + l.committed + l.spent + \(total) <= l.cap
                    RETURNING 1)
                    """
                    : """
                    ,
                    cooperative AS (UPDATE cooperative_ledgers SET reserved = reserved + \(reserved),
                        committed = committed + \(committed), spent = spent + \(spent)
                    WHERE programme_id = \(programmeId) AND cooperative_id = \(cooperative)
                        AND (\(try statement.bind(!grows)) OR reserved + committed + spent + \(total) <= cap)
                    RETURNING 1)
                    """
                counted[0] = "(SELECT count(*) FROM cooperative)"
            }
            statement.sql += """
                ,
                programme AS (UPDATE programme_ledgers SET reserved = reserved + \(reserved),
                    committed = committed + \(committed), spent = spent + \(spent)
                WHERE programme_id = \(programmeId)
                    AND (\(try statement.bind(!grows)) OR reserved + committed + spent + \(total) <= budget)
                RETURNING 1)
                """
            counted[1] = "(SELECT count(*) FROM programme)"
        }
        // Reading the parts in this order runs them in this order, in every transaction alike: the application and
        // its event, then the cooperative's ledger row, the programme's last.
        statement.sql += """

            SELECT (SELECT count(*) FROM change) + (SELECT count(*) FROM event), \(counted[0])::int8, \(counted[1])::int8
            """
        var moved: (cooperative: Int64, programme: Int64) = (0, 0)
        for try await (_, cooperative, programme) in try await connection.query(
            statement.query, logger: database.logger
        ).decode((Int64, Int64, Int64).self) {
            moved = (cooperative, programme)
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
            let available = try await scalar(
                "SELECT budget - reserved - committed - spent FROM programme_ledgers WHERE programme_id = \(programme.id)",
                on: connection)
            throw DomainError.budgetExhausted(requested: delta.total, available: available)
        }
    }

    private func scalar(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> Int64 {
        for try await value in try await connection.query(query, logger: database.logger).decode(Int64.self) {
            return value
        }
        return 0
    }

    static func decode(_ row: PostgresRow) throws -> LockedApplication {
        let (id, reference, programmeId, cooperativeId, state, version, request, ruleVersion, createdBy) =
            try row.decode((UUID, String, UUID, UUID, String, Int, String, Int?, UUID).self)
        let cells = row.makeRandomAccess()
        guard let parsedReference = PublicReference(parsing: reference),
            let parsedState = ApplicationState(rawValue: state)
        else { throw DomainError.validation(field: "application", reason: .unknownValue) }
        var application = Application(
            id: id, reference: parsedReference, programmeId: programmeId, cooperativeId: cooperativeId,
            request: try JSONColumn.decode(ApplicationRequest.self, request), createdBy: createdBy,
            at: try cells[18].decode(Date.self))
        application.state = parsedState
        application.version = version
        application.ruleVersion = ruleVersion
        application.submittedBy = try cells[9].decode(UUID?.self)
        application.submittedAt = try cells[10].decode(Date?.self)
        application.assignee = try cells[11].decode(UUID?.self)
        application.recommendation = try JSONColumn.decode(Recommendation.self, try cells[12].decode(String?.self))
        application.decision = try JSONColumn.decode(Decision.self, try cells[13].decode(String?.self))
        application.evidence = try JSONColumn.decode(FulfilmentEvidence.self, try cells[14].decode(String?.self))
        application.reviewDueAt = try cells[15].decode(Date?.self)
        application.clockPausedAt = try cells[16].decode(Date?.self)
        application.infoRequest = try cells[17].decode(String?.self)
        application.updatedAt = try cells[19].decode(Date.self)
        return LockedApplication(
            application: application, chainSeq: try cells[20].decode(Int.self),
            chainHead: try cells[21].decode(Data.self))
    }
}
