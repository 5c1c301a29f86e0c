import CoopCaseDomain
import Foundation
import PostgresNIO

extension AuditStore {
    /// Reads the case histories matching `filters` from one snapshot, streaming: every application (by id),
    /// then every event (by application, then sequence). Returns the latest checkpoint and what it attests.
    public func readCaseHistories(
        filters: ExportManifest.Filters,
        application onApplication: (ExportedApplication) async throws -> Void,
        event onEvent: (ExportedEvent) async throws -> Void,
        attested onAttested: (ExportManifest.Head) async throws -> Void
    ) async throws -> ExportManifest.Checkpoint? {
        let logger = database.logger
        let (from, to) = try filters.bounds()
        let selection: PostgresQuery = """
            CREATE TEMPORARY TABLE export_ids ON COMMIT DROP AS
            SELECT a.id FROM applications a JOIN programmes p ON p.id = a.programme_id
            WHERE (\(filters.programme)::text IS NULL OR p.code = \(filters.programme))
              AND (\(filters.state)::text IS NULL OR a.state = \(filters.state))
              AND (\(from)::timestamptz IS NULL OR a.created_at >= \(from))
              AND (\(to)::timestamptz IS NULL OR a.created_at < \(to))
            """
        // Not read-only: the selection is a temporary table. A streamed read lasts as long as its reader takes.
        return try await longSnapshot(readOnly: false) { connection in
            try await connection.run(selection, logger: logger)
            // Cell by cell with concrete types: decoding the row as one tuple looked up generic metadata per row.
            try await Self.inBatches(
                """
                SELECT a.id, a.reference, p.code, a.cooperative_id, a.state, a.version, a.requested_amount,
                       a.rule_version, (a.recommendation->>'amount')::bigint, (a.decision->>'amount')::bigint,
                       a.created_at, a.updated_at, a.chain_seq, a.chain_head, a.request::text
                FROM applications a JOIN programmes p ON p.id = a.programme_id
                WHERE a.id IN (SELECT id FROM export_ids) ORDER BY a.id
                """, cursor: "export_applications", on: connection, logger: logger,
                fetchSize: database.cursorFetchSize,
                decode: { row in
                    let cells = row.makeRandomAccess()
                    return ExportedApplication(
                        id: try cells[0].decode(UUID.self), reference: try cells[1].decode(String.self),
                        programme: try cells[2].decode(String.self), cooperativeId: try cells[3].decode(UUID.self),
                        state: try cells[4].decode(String.self), version: try cells[5].decode(Int.self),
                        requestedAmount: try cells[6].decode(Int64.self), ruleVersion: try cells[7].decode(Int?.self),
                        recommendedAmount: try cells[8].decode(Int64?.self),
                        approvedAmount: try cells[9].decode(Int64?.self),
                        createdAt: AuditChain.timestamp(try cells[10].decode(Date.self)),
                        updatedAt: AuditChain.timestamp(try cells[11].decode(Date.self)),
                        chainSeq: try cells[12].decode(Int.self),
                        chainHead: AuditCheckpoint.hex(try cells[13].decode(Data.self)),
                        request: try cells[14].decode(String.self))
                }, onApplication)
            try await Self.inBatches(
                """
                SELECT e.application_id, a.reference, e.seq, e.at, e.actor_username, e.role, e.channel, e.action,
                       e.from_state, e.to_state, e.body, e.prev_hash, e.hash
                FROM application_events e JOIN applications a ON a.id = e.application_id
                WHERE e.application_id IN (SELECT id FROM export_ids) ORDER BY e.application_id, e.seq
                """, cursor: "export_events", on: connection, logger: logger,
                fetchSize: database.cursorFetchSize,
                decode: { row in
                    let cells = row.makeRandomAccess()
                    return ExportedEvent(
                        application: try cells[0].decode(UUID.self), reference: try cells[1].decode(String.self),
                        seq: try cells[2].decode(Int.self), at: try cells[3].decode(Date.self),
                        actor: try cells[4].decode(String.self), role: try cells[5].decode(String.self),
                        channel: try cells[6].decode(String.self), action: try cells[7].decode(String.self),
                        from: try cells[8].decode(String?.self), to: try cells[9].decode(String.self),
                        body: try cells[10].decode(Data.self), prevHash: try cells[11].decode(Data.self),
                        hash: try cells[12].decode(Data.self))
                }, onEvent)
            // The latest checkpoint, and the heads it attests for these applications.
            var checkpoint: ExportManifest.Checkpoint?
            for try await (id, body, signature, key) in try await connection.run(
                "SELECT id, body, signature, public_key FROM audit_checkpoints ORDER BY id DESC LIMIT 1",
                logger: logger
            ).decode((Int64, Data, Data, Data).self) {
                checkpoint = ExportManifest.Checkpoint(
                    id: id, body: String(decoding: body, as: UTF8.self), signature: signature.base64EncodedString(),
                    publicKey: key.base64EncodedString())
            }
            if let checkpoint {
                for try await (application, seq, hash) in try await connection.run(
                    """
                    SELECT DISTINCT ON (h.application_id) h.application_id, h.seq, h.hash FROM audit_checkpoint_heads h
                    WHERE h.checkpoint_id <= \(checkpoint.id) AND h.application_id IN (SELECT id FROM export_ids)
                    ORDER BY h.application_id, h.checkpoint_id DESC
                    """, logger: logger
                ).decode((UUID, Int, Data).self) {
                    try await onAttested(
                        ExportManifest.Head(application: application, seq: seq, hash: AuditCheckpoint.hex(hash)))
                }
            }
            return checkpoint
        }
    }

    /// Reads `sql` through a cursor in batches, each drained from the connection before its rows are handed on,
    /// the next fetched while the last is handed on. A slow reader then waits between fetches, never inside a row
    /// stream: postgres-nio 1.33.2 traps when the connection closes under a stream held back by its reader (a
    /// killed server, an idle-in-transaction timeout), and that would take the whole process down.
    /// Rows per fetch: at 512 the round trips held the export below half of `COPY`'s rate.
    static let fetchSize = 2048

    static func inBatches<Row: Sendable>(
        _ sql: String, cursor: String, on connection: PostgresConnection, logger: Logger, fetchSize: Int,
        decode: @escaping @Sendable (PostgresRow) throws -> Row, _ each: (Row) async throws -> Void
    ) async throws {
        try await connection.run(
            PostgresQuery(unsafeSQL: "DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)"), logger: logger)
        @Sendable func fetch() async throws -> [Row] {
            var batch: [Row] = []
            batch.reserveCapacity(min(fetchSize, 4096))
            let rows = try await connection.run(
                PostgresQuery(unsafeSQL: "FETCH \(fetchSize) FROM \(cursor)"), logger: logger)
            for try await row in rows { batch.append(try decode(row)) }
            return batch
        }
        var batch = try await fetch()
        while batch.count == fetchSize {
            async let next = fetch()
            for row in batch { try await each(row) }
            batch = try await next
        }
        for row in batch { try await each(row) }
        try await connection.run(PostgresQuery(unsafeSQL: "CLOSE \(cursor)"), logger: logger)
    }
}
