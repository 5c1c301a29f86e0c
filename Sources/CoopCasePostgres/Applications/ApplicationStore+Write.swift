import CoopCaseDomain
import Foundation
import PostgresNIO

/// The one statement that writes a decided action: the row, its event and the budget ledgers, each write
/// conditional, and the slot rebalancing a refusal may need.
extension ApplicationStore {
    static func update(
        _ application: Application, chainSeq: Int, chainHead: Data, takingSlot: Bool, accessCode: String? = nil,
        into statement: inout Statement
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
            "intake_due_at = \(statement.bind(application.intakeDueAt))",
            "decided_at = \(statement.bind(application.decidedAt))",
            "info_request = \(statement.bind(application.infoRequest))",
            "received_by = \(statement.bind(application.receivedBy))",
            "info_requests = \(statement.bind(application.infoRequests))",
            "further_request_allowed = \(statement.bind(application.furtherRequestAllowed))",
            "chain_seq = \(statement.bind(chainSeq))", "chain_head = \(statement.bind(chainHead))",
            "updated_at = \(statement.bind(application.updatedAt))",
        ].joined(separator: ", ")
        let slot = takingSlot ? ", ledger_slot = (SELECT slot FROM programme)" : ""
        // Always in the text, so each statement shape keeps one text (prepared once); a new code only at a reissue.
        let code = ", access_code_hash = coalesce(\(try statement.bind(accessCode))::text, access_code_hash)"
        statement.sql +=
            "UPDATE applications SET \(assignments)\(slot)\(code) WHERE id = \(try statement.bind(application.id))"
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
    func write(
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
    func rebalance(
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

    static func unlocked(_ shape: any StatementShape.Type) -> any StatementShape.Type {
        func wrap<Written: StatementShape>(_: Written.Type) -> any StatementShape.Type { Unlocked<Written>.self }
        return wrap(shape)
    }

    func execute(_ shape: any StatementShape.Type, _ statement: Statement, on connection: PostgresConnection)
        async throws -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>
    {
        func run<Shape: StatementShape>(_: Shape.Type) async throws
            -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>
        {
            try await connection.run(Prepared<Shape>(statement), logger: database.logger)
        }
        return try await run(shape)
    }

    func scalar(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> Int64 {
        for try await value in try await connection.run(query, logger: database.logger).decode(Int64.self) {
            return value
        }
        return 0
    }
}
