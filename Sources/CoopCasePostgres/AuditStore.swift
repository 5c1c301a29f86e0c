import CoopCaseDomain
import Foundation
import PostgresNIO

/// The result of recomputing every chain.
public struct ChainReport: Sendable {
    public var applications: Int
    public var events: Int
    public var breaks: [ChainBreak]
}

public struct AuditStore: Sendable {
    let database: Database

    /// Recomputes every event hash and compares each chain's end with the head recorded on its application.
    /// Streams in one ordered pass, so memory stays flat however many events there are.
    public func verifyChains(
        by actor: Actor, progress: (@Sendable (_ applications: Int, _ events: Int) -> Void)? = nil
    ) async throws -> ChainReport {
        try actor.require(.verifyAudit)
        let rows = try await database.client.query(
            """
            SELECT a.id, a.chain_seq, a.chain_head, e.seq, e.body, e.prev_hash, e.hash
            FROM applications a LEFT JOIN application_events e ON e.application_id = a.id
            ORDER BY a.id, e.seq
            """, logger: database.logger)
        var report = ChainReport(applications: 0, events: 0, breaks: [])
        var current: (verifier: AuditChain.Verifier, seq: Int, head: Data, broken: Bool)?
        func finishCurrent() {
            guard let current, !current.broken else { return }
            if let problem = current.verifier.finish(expectedSeq: current.seq, expectedHead: current.head) {
                report.breaks.append(problem)
            }
        }
        for try await (id, chainSeq, chainHead, seq, body, previous, hash) in rows.decode(
            (UUID, Int, Data, Int?, Data?, Data?, Data?).self)
        {
            if current?.verifier.application != id {
                finishCurrent()
                current = (AuditChain.Verifier(application: id), chainSeq, chainHead, false)
                report.applications += 1
                if report.applications % 10_000 == 0 { progress?(report.applications, report.events) }
            }
            guard let seq, let body, let previous, let hash, current?.broken == false else { continue }
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
