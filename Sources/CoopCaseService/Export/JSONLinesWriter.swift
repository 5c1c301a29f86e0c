import CoopCaseDomain
import Foundation

/// The JSON Lines files of a bundle, written as batches arrive.
final class JSONLinesWriter {
    private let applications: ExportFile
    private let events: ExportFile
    private let heads: ExportFile
    private let attested: ExportFile
    var eventCount: Int { events.rows }

    init(directory: URL) throws {
        applications = try ExportFile(directory: directory, name: "applications.jsonl")
        events = try ExportFile(directory: directory, name: "events.jsonl")
        heads = try ExportFile(directory: directory, name: "heads.jsonl")
        attested = try ExportFile(directory: directory, name: "checkpoint-heads.jsonl")
    }

    func write(_ batch: ExportBatch) throws {
        for application in batch.applications {
            let head = ExportManifest.Head(
                application: application.id, seq: application.chainSeq, hash: application.chainHead)
            try heads.write(json: head)
            try applications.write(json: application)
        }
        for event in batch.events { try events.write(json: event) }
        for head in batch.attested { try attested.write(json: head) }
    }

    func close() throws -> [String: ExportManifest.FileEntry] {
        try ExportFile.close([applications, events, heads, attested])
    }
}
