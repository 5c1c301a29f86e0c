import Configuration
import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Crypto
import Foundation
import HTTPTypes
import Testing

@Suite struct ExportHTTPTests {
    @Test func auditorsGetTheStreamOthersAreRefused() async throws {
        try await API.with { api in
            var references: [String] = []
            for _ in 0..<3 {
                references.append(
                    try await api.world.drive(try await api.world.draft(), through: [.submit, .startReview]).reference
                        .value)
            }
            let checkpoint = try await api.world.service.audit.checkpoint(signingKey: Curve25519.Signing.PrivateKey())
            let reply = try await api.send(
                .get, "/v1/exports/case-histories?programme=\(api.world.programme.code)", as: .auditor)
            #expect(reply.status == 200)
            #expect(reply.headers[.contentType] == "application/x-ndjson")
            let lines = reply.text.split(separator: "\n").map {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let types = lines.map { $0?["type"] as? String }
            #expect(types.filter { $0 == "application" }.count == 3)
            #expect(types.filter { $0 == "event" }.count == 9)
            #expect(types.last == "summary")
            let summary = lines.last??["record"] as? [String: Any]
            #expect(summary?["events"] as? Int == 9)
            #expect((summary?["checkpoint"] as? [String: Any])?["id"] as? Int == Int(checkpoint.id))
            #expect(types.filter { $0 == "attested" }.count == 3)
            // Events come with their bodies exactly as hashed, so the chain can be recomputed from the stream.
            let events = lines.compactMap { $0 }.filter { $0["type"] as? String == "event" }.compactMap {
                $0["record"] as? [String: Any]
            }
            for event in events {
                let body = Data((event["body"] as! String).utf8)
                let previous = AuditCheckpoint.data(hex: event["prevHash"] as! String)!
                #expect(
                    AuditCheckpoint.hex(AuditChain.hash(previous: previous, body: body)) == event["hash"] as? String)
            }

            let filtered = try await api.send(.get, "/v1/exports/case-histories?state=approved", as: .auditor)
            #expect(filtered.text.split(separator: "\n").count == 1, "only the summary")
            for caller in [Caller.officer, .approver, .applicant, .lender] {
                let refused = try await api.send(.get, "/v1/exports/case-histories", as: caller)
                #expect(refused.status == 403 && refused.code == "forbidden")
            }
            let badDay = try await api.send(.get, "/v1/exports/case-histories?from=yesterday", as: .auditor)
            #expect(badDay.status == 422 || badDay.status == 400)
        }
    }

    @Test func theServerSignsCheckpointsOnItsSchedule() async throws {
        let key = Curve25519.Signing.PrivateKey()
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("coopcase-key-\(UUID()).txt")
        try key.rawRepresentation.base64EncodedString().write(to: keyFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: keyFile) }
        let config: [AbsoluteConfigKey: ConfigValue] = [
            "audit.signingKeyFile": .init(.string(keyFile.path), isSecret: false), "audit.checkpointSeconds": 1,
        ]
        try await API.with(config: config) { api in
            let application = try await api.world.drive(try await api.world.draft(), through: [.submit])
            // Bounded wait for the service's own ticks: the test takes no checkpoint itself.
            func latest() async throws -> CheckpointReport? {
                let events = try await api.world.test.ownerScalar(
                    "SELECT count(*) FROM application_events", as: Int64.self)
                for _ in 0..<600 {
                    let report = try await api.world.service.audit.verifyCheckpoints(
                        trustedKey: key.publicKey.rawRepresentation, by: api.world.cast.auditor)
                    if report.latest?.body.events == events { return report }
                    try await Task.sleep(for: .milliseconds(100))
                }
                return nil
            }
            let first = try #require(try await latest(), "a scheduled checkpoint covering every event")
            #expect(first.problems.isEmpty)
            _ = try await api.world.drive(application, through: [.startReview])
            let second = try #require(try await latest(), "a later tick covers the new event")
            #expect(second.problems.isEmpty)
            #expect(second.checkpoints > first.checkpoints)
        }
    }
}
