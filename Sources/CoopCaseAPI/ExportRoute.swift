import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /v1/exports/case-histories`, served here rather than through the generated handler so the stream is written
/// by the response's own task: each line goes out as its row arrives, the database cursor waits while the client
/// does, and when the client goes away the write fails, the read ends and its connection goes back to the pool.
/// The contract, authentication and limits apply as to every route (router middleware).
struct ExportRoute {
    static let method = HTTPRequest.Method.get
    static let path = "/v1/exports/case-histories"

    let service: CoopCase

    func register(on router: Router<AppRequestContext>) {
        router.on(RouterPath(Self.path), method: Self.method) { request, _ in try await respond(to: request) }
    }

    func respond(to request: Request) async throws -> Response {
        let actor = try Caller.actor()
        try actor.require(.verifyAudit)
        let query = request.uri.queryParameters
        let filters = ExportManifest.Filters(
            programme: query["programme"].map(String.init), from: query["from"].map(String.init),
            to: query["to"].map(String.init), state: query["state"].map(String.init))
        // Refuse bad filters before the 200 is sent (the contract has checked their shape).
        _ = try filters.bounds()
        let audit = service.audit
        let logger = service.logger
        return Response(
            status: .ok, headers: [.contentType: "application/x-ndjson"],
            body: ResponseBody { writer in
                do {
                    try await Self.write(filters: filters, by: actor, from: audit, to: &writer)
                } catch {
                    // A client that went away is not a fault; anything else is logged and ends the response.
                    logger.info("export stopped", metadata: ["error": "\(type(of: error))"])
                    throw error
                }
            })
    }

    /// Writes the stream: applications, events, the checkpoint's heads, then a summary line.
    static func write(
        filters: ExportManifest.Filters, by actor: Actor, from audit: AuditService,
        to writer: inout any ResponseBodyWriter
    ) async throws {
        var applications = 0
        var events = 0
        // Rows take the hand-written encoder: the stream is as fast as the files.
        func line(_ type: String, _ record: some JSONLineRecord) -> ByteBuffer {
            var line = JSONObjectWriter()
            line.field("record") { record.writeFields(to: &$0) }
            line.field("type", type)
            return ByteBuffer(bytes: line.line())
        }
        let checkpoint = try await audit.readCaseHistories(
            filters: filters, by: actor,
            application: { record in
                applications += 1
                try await writer.write(line("application", record))
            },
            event: { record in
                events += 1
                try await writer.write(line("event", record))
            },
            attested: { head in try await writer.write(line("attested", head)) })
        var summary = try JSONCoding.canonical.encode(
            ExportLine(
                type: "summary",
                record: ExportSummary(applications: applications, events: events, checkpoint: checkpoint)))
        summary.append(0x0A)
        try await writer.write(ByteBuffer(bytes: summary))
        try await writer.finish(nil)
    }
}

/// One line of the export stream.
struct ExportLine<Record: Encodable>: Encodable {
    var type: String
    var record: Record
}

struct ExportSummary: Encodable {
    var applications: Int
    var events: Int
    var checkpoint: ExportManifest.Checkpoint?
}
