import CoopCaseDomain
import Crypto
import Foundation
import PostgresNIO

public struct AuditStore: Sendable {
    let database: Database

    /// Recomputes every event hash and compares each chain's end with the head recorded on its application.
    /// Streams in one ordered pass, so memory stays flat however many events there are.
    public func verifyChains(
        progress: (@Sendable (_ applications: Int, _ events: Int) -> Void)? = nil
    ) async throws -> ChainReport {
        try await longSnapshot(readOnly: true) { connection in
            try await verifyChains(on: connection, progress: progress)
        }
    }

    /// Runs `body` in one REPEATABLE READ snapshot without the per-statement time limit: audit reads take as
    /// long as the history is, and the limit is there for requests. With `exclusive`, the advisory lock of that
    /// number is held from before the snapshot is taken until the transaction ends.
    func longSnapshot<T>(
        readOnly: Bool, exclusive lock: Int64? = nil, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            if let lock { try await connection.run("SELECT pg_advisory_lock(\(lock))", logger: logger) }
            try await connection.run(
                readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN ISOLATION LEVEL REPEATABLE READ",
                logger: logger)
            do {
                // A streamed read lasts as long as its reader takes, and waits on it between fetches.
                try await connection.run("SET LOCAL statement_timeout = 0", logger: logger)
                try await connection.run("SET LOCAL idle_in_transaction_session_timeout = 0", logger: logger)
                let result = try await body(connection)
                try await connection.run("COMMIT", logger: logger)
                if let lock { try await connection.run("SELECT pg_advisory_unlock(\(lock))", logger: logger) }
                return result
            } catch {
                _ = try? await connection.run("ROLLBACK", logger: logger)
                if let lock { _ = try? await connection.run("SELECT pg_advisory_unlock(\(lock))", logger: logger) }
                throw error
            }
        }
    }

    private func verifyChains(
        on connection: PostgresConnection, progress: (@Sendable (_ applications: Int, _ events: Int) -> Void)?
    ) async throws -> ChainReport {
        var report = ChainReport(applications: 0, events: 0, breaks: [])
        var current: (verifier: AuditChain.Verifier, seq: Int, head: Data, broken: Bool)?
        func finishCurrent() {
            guard let current, !current.broken else { return }
            if let problem = current.verifier.finish(expectedSeq: current.seq, expectedHead: current.head) {
                report.breaks.append(problem)
            }
        }
        // In batches, like an export: a stream held back by the hashing would take the process down if the
        // connection closed under it.
        try await Self.inBatches(
            """
            SELECT a.id, a.chain_seq, a.chain_head, e.seq, e.body, e.prev_hash, e.hash
            FROM applications a LEFT JOIN application_events e ON e.application_id = a.id
            ORDER BY a.id, e.seq
            """, cursor: "verify_chains", on: connection, logger: database.logger,
            fetchSize: database.cursorFetchSize,
            decode: { try $0.decode((UUID, Int, Data, Int?, Data?, Data?, Data?).self) }
        ) { row in
            let (id, chainSeq, chainHead, seq, body, previous, hash) = row
            if current?.verifier.application != id {
                finishCurrent()
                current = (AuditChain.Verifier(application: id), chainSeq, chainHead, false)
                report.applications += 1
                if report.applications % 10_000 == 0 { progress?(report.applications, report.events) }
            }
            guard let seq, let body, let previous, let hash, current?.broken == false else { return }
            report.events += 1
            let link = ChainLink(application: id, seq: seq, body: body, previousHash: previous, hash: hash)
            if let problem = current?.verifier.feed(link) {
                report.breaks.append(problem)
                current?.broken = true
            }
        }
        finishCurrent()
        progress?(report.applications, report.events)
        return report
    }
}

extension AuditStore {
    static let checkpointLock: Int64 = 0x636f_6f70_6370_7400

    /// Stores a checkpoint over every chain head as of `now`, sealed by `seal` (its canonical bytes, signature and
    /// public key). Checkpoints are taken one at a time (advisory lock), each from one consistent snapshot, and each
    /// names the hash of the one before it.
    public func checkpoint(
        at now: Date, seal: @escaping (CheckpointBody) throws -> (bytes: Data, signature: Data, publicKey: Data)
    ) async throws -> StoredCheckpoint {
        let logger = database.logger
        // Locked before the snapshot is taken, so a racing checkpoint cannot miss the one before it.
        return try await longSnapshot(readOnly: false, exclusive: Self.checkpointLock) { connection in
            var previous = AuditCheckpoint.genesis
            for try await body in try await connection.run(
                "SELECT body FROM audit_checkpoints ORDER BY id DESC LIMIT 1", logger: logger
            ).decode(Data.self) {
                previous = AuditCheckpoint.hash(of: body)
            }
            var digest = HeadsDigest()
            var events: Int64 = 0
            for try await (id, seq, head) in try await connection.run(
                "SELECT id, chain_seq, chain_head FROM applications ORDER BY id", logger: logger
            ).decode((UUID, Int, Data).self) {
                digest.add(ChainHead(application: id, seq: seq, hash: head))
                events += Int64(seq)
            }
            let body = CheckpointBody(
                takenAt: now, applications: digest.count, events: events, headsDigest: digest.finalize(),
                previous: previous)
            let (bytes, signature, publicKey) = try seal(body)
            var id: Int64 = 0
            for try await value in try await connection.run(
                """
                INSERT INTO audit_checkpoints (taken_at, applications, events, body, signature, public_key)
                VALUES (\(now), \(digest.count), \(events), \(bytes), \(signature), \(publicKey)) RETURNING id
                """, logger: logger
            ).decode(Int64.self) { id = value }
            try await connection.run(
                """
                INSERT INTO audit_checkpoint_heads (checkpoint_id, application_id, seq, hash)
                SELECT \(id), a.id, a.chain_seq, a.chain_head FROM applications a
                LEFT JOIN LATERAL (SELECT h.seq, h.hash FROM audit_checkpoint_heads h WHERE h.application_id = a.id
                                   ORDER BY h.checkpoint_id DESC LIMIT 1) last ON true
                WHERE last.seq IS DISTINCT FROM a.chain_seq OR last.hash IS DISTINCT FROM a.chain_head
                """, logger: logger)
            return StoredCheckpoint(
                id: id, body: body, bodyBytes: bytes, signature: signature, publicKey: publicKey)
        }
    }

    /// Checks every checkpoint: its signature (against `trustedKey` when given), the chain of checkpoints, the
    /// heads digest rebuilt from the stored heads, and that every checkpointed head is still an event.
    public func verifyCheckpoints(trustedKey: Data?) async throws -> CheckpointReport {
        let logger = database.logger
        // One snapshot: a checkpoint taken meanwhile must not look like a missing head.
        return try await longSnapshot(readOnly: true) { connection in
            var stored: [(id: Int64, body: Data, signature: Data, key: Data)] = []
            for try await row in try await connection.run(
                "SELECT id, body, signature, public_key FROM audit_checkpoints ORDER BY id", logger: logger
            ).decode((Int64, Data, Data, Data).self) {
                stored.append(row)
            }
            var verifier = CheckpointVerifier(trustedKey: trustedKey)
            var latest: StoredCheckpoint?
            let rows = try await connection.run(
                "SELECT checkpoint_id, application_id, seq, hash FROM audit_checkpoint_heads ORDER BY checkpoint_id",
                logger: logger)
            var iterator = rows.decode((Int64, UUID, Int, Data).self).makeAsyncIterator()
            var pending = try await iterator.next()
            for checkpoint in stored {
                while let row = pending, row.0 <= checkpoint.id {
                    verifier.record(ChainHead(application: row.1, seq: row.2, hash: row.3))
                    pending = try await iterator.next()
                }
                if let body = verifier.verify(
                    id: checkpoint.id, body: checkpoint.body, signature: checkpoint.signature,
                    publicKey: checkpoint.key)
                {
                    latest = StoredCheckpoint(
                        id: checkpoint.id, body: body, bodyBytes: checkpoint.body, signature: checkpoint.signature,
                        publicKey: checkpoint.key)
                }
            }
            for try await (checkpoint, application, seq) in try await connection.run(
                """
                SELECT h.checkpoint_id, h.application_id, h.seq FROM audit_checkpoint_heads h
                WHERE NOT EXISTS (SELECT 1 FROM application_events e
                                  WHERE e.application_id = h.application_id AND e.seq = h.seq AND e.hash = h.hash)
                ORDER BY h.checkpoint_id, h.application_id
                """, logger: logger
            ).decode((Int64, UUID, Int).self) {
                verifier.record(
                    CheckpointProblem(checkpoint: checkpoint, kind: .headMissing, application: application, seq: seq))
            }
            return CheckpointReport(checkpoints: verifier.checked, problems: verifier.problems, latest: latest)
        }
    }
}
