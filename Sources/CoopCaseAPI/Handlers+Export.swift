import AsyncAlgorithms
import CoopCaseDomain
import CoopCaseService
import Foundation
import OpenAPIRuntime

/// One line of the export stream.
private struct ExportLine<Record: Encodable>: Encodable {
    var type: String
    var record: Record
}

private struct ExportSummary: Encodable {
    var applications: Int
    var events: Int
    var checkpoint: ExportManifest.Checkpoint?
}

extension APIService {
    /// Streams while reading: each line is sent as soon as its row arrives, and the channel's back-pressure
    /// holds the database cursor until the client has taken the line, so memory stays flat. A client that stops
    /// reading ends the reading (`BoundStream`), so its connection goes back to the pool.
    func exportCaseHistories(_ input: Operations.ExportCaseHistories.Input) async throws
        -> Operations.ExportCaseHistories.Output
    {
        let actor = try Caller.actor()
        try actor.require(.verifyAudit)
        let query = input.query
        // Refuse bad filters before the 200 is sent.
        for (field, day) in [("from", query.from), ("to", query.to)] {
            if let day, InternetDate.day(day) == nil {
                throw DomainError.validation(field: field, reason: .unknownValue)
            }
        }
        let filters = ExportManifest.Filters(
            programme: query.programme, from: query.from, to: query.to, state: query.state?.rawValue)
        let audit = service.audit
        let logger = service.logger
        let stream = BoundStream { channel in
            func send(_ line: [UInt8]) async throws {
                await channel.send(line[...])
                try Task.checkCancellation()
            }
            // Rows take the hand-written encoder: the stream is as fast as the files.
            func send(_ type: String, _ record: some JSONLineRecord) async throws {
                var line = JSONObjectWriter()
                line.field("record") { record.writeFields(to: &$0) }
                line.field("type", type)
                try await send(line.line())
            }
            do {
                var applications = 0
                var events = 0
                let checkpoint = try await audit.readCaseHistories(
                    filters: filters, by: actor,
                    application: { record in
                        applications += 1
                        try await send("application", record)
                    },
                    event: { record in
                        events += 1
                        try await send("event", record)
                    },
                    attested: { head in try await send("attested", head) })
                var summary = try JSONCoding.canonical.encode(
                    ExportLine(
                        type: "summary",
                        record: ExportSummary(applications: applications, events: events, checkpoint: checkpoint)))
                summary.append(0x0A)
                try await send(Array(summary))
                channel.finish()
            } catch  where Task.isCancelled {
                // The client went away: the cursor's transaction has ended and its connection is back in the pool.
                logger.info("export stopped: the client stopped reading")
                channel.fail(error)
            } catch {
                logger.error("export stream failed", metadata: ["error": "\(String(reflecting: error))"])
                channel.fail(error)
            }
        }
        return .ok(.init(body: .applicationXNdjson(HTTPBody(stream, length: .unknown, iterationBehavior: .single))))
    }
}
