import AsyncAlgorithms
import CoopCaseDomain
internal import CoopCasePostgres
import Crypto
import Foundation

/// The auditors' use cases: verifying the chains and checkpoints, signing checkpoints, exporting case histories.
public struct AuditService: Sendable {
    let database: Database
    var store: AuditStore { database.audit }

    /// Recomputes every event hash and compares each chain's end with the head recorded on its application.
    public func verifyChains(
        by actor: Actor, progress: (@Sendable (_ applications: Int, _ events: Int) -> Void)? = nil
    ) async throws -> ChainReport {
        try actor.require(.verifyAudit)
        return try await store.verifyChains(progress: progress)
    }

    /// Signs a digest over every chain head as of now, linked to the checkpoint before it.
    public func checkpoint(signingKey: Curve25519.Signing.PrivateKey) async throws -> StoredCheckpoint {
        try await store.checkpoint(at: database.now) { body in
            let bytes = body.canonicalJSON()
            return (bytes, try AuditCheckpoint.sign(bytes, with: signingKey), signingKey.publicKey.rawRepresentation)
        }
    }

    /// Checks every checkpoint's signature (against `trustedKey` when given), their chain, and their heads.
    public func verifyCheckpoints(trustedKey: Data?, by actor: Actor) async throws -> CheckpointReport {
        try actor.require(.verifyAudit)
        return try await store.verifyCheckpoints(trustedKey: trustedKey)
    }

    /// Reads the case histories matching `filters` from one snapshot, streaming: every application, then every
    /// event, then what the latest checkpoint attests. Returns that checkpoint.
    public func readCaseHistories(
        filters: ExportManifest.Filters, by actor: Actor,
        application: (ExportedApplication) async throws -> Void,
        event: (ExportedEvent) async throws -> Void,
        attested: (ExportManifest.Head) async throws -> Void
    ) async throws -> ExportManifest.Checkpoint? {
        try actor.require(.verifyAudit)
        return try await store.readCaseHistories(
            filters: filters, application: application, event: event, attested: attested)
    }

    /// Exports case histories matching `filters` into `directory`: applications and events as JSON Lines and
    /// CSV, and `manifest.json`. Everything is read from one snapshot and streamed to disk.
    public func exportCaseHistories(
        to directory: URL, filters: ExportManifest.Filters, by actor: Actor,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> ExportManifest {
        try actor.require(.verifyAudit)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let now = database.now
        // Reading (decoding rows), writing JSON Lines and writing CSV (each encoding and hashing its files) run
        // side by side; batches keep the hand-offs cheap, and the channels' back-pressure keeps at most a batch or
        // two in memory.
        let jsonBatches = AsyncThrowingChannel<ExportBatch, any Error>()
        let csvBatches = AsyncThrowingChannel<ExportBatch, any Error>()
        var (checkpoint, files) = try await withThrowingTaskGroup(
            of: (ExportManifest.Checkpoint??, [String: ExportManifest.FileEntry]?).self
        ) { group in
            group.addTask {
                var pending = ExportBatch()
                func flush() async throws {
                    await jsonBatches.send(pending)
                    await csvBatches.send(pending)
                    try Task.checkCancellation()
                    pending = ExportBatch()
                }
                let checkpoint = try await self.store.readCaseHistories(
                    filters: filters,
                    application: { application in
                        pending.applications.append(application)
                        if pending.count >= ExportBatch.size { try await flush() }
                    },
                    event: { event in
                        pending.events.append(event)
                        if pending.count >= ExportBatch.size { try await flush() }
                    },
                    attested: { head in
                        pending.attested.append(head)
                        if pending.count >= ExportBatch.size { try await flush() }
                    })
                try await flush()
                jsonBatches.finish()
                csvBatches.finish()
                return (.some(checkpoint), nil)
            }
            group.addTask {
                let writer = try JSONLinesWriter(directory: directory)
                for try await batch in jsonBatches {
                    try writer.write(batch)
                    progress?(writer.eventCount)
                }
                return (nil, try writer.close())
            }
            group.addTask {
                let writer = try CSVWriter(directory: directory)
                for try await batch in csvBatches { try writer.write(batch) }
                return (nil, try writer.close())
            }
            var checkpoint: ExportManifest.Checkpoint?
            var files: [String: ExportManifest.FileEntry] = [:]
            do {
                for try await (read, written) in group {
                    if let read { checkpoint = read }
                    if let written { files.merge(written) { first, _ in first } }
                }
            } catch {
                jsonBatches.fail(error)
                csvBatches.fail(error)
                throw error
            }
            return (checkpoint, files)
        }
        // Every rule version of the programmes exported: the ones their applications were judged by among them.
        let rules = try ExportFile(directory: directory, name: "rule-versions.jsonl")
        for (programme, set) in try await database.programmes.ruleVersions(of: filters.programme) {
            var line = try JSONCoding.canonical.encode(
                ExportManifest.RuleVersion(programme: programme, version: set.version, rules: set.rules))
            line.append(0x0A)
            try rules.write(line: Array(line))
        }
        files["rule-versions.jsonl"] = try rules.close()
        let manifest = ExportManifest(
            createdAt: now, filters: filters, files: files, applications: files["heads.jsonl"]?.rows ?? 0,
            events: files["events.jsonl"]?.rows ?? 0, checkpoint: checkpoint)
        try manifest.encoded().write(to: directory.appendingPathComponent("manifest.json"))
        progress?(manifest.events)
        return manifest
    }
}
