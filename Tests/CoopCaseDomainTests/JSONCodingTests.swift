import CoopCaseDomain
import Foundation
import Testing

/// Hashed event bodies and signed checkpoints are the canonical encoder's bytes: they must be exactly what the
/// encoders each type made for itself wrote, or no chain or checkpoint written before would verify.
@Suite struct JSONCodingTests {
    /// The settings `AuditEventBody` and `CheckpointBody` encoded with before they shared `JSONCoding.canonical`.
    static func former() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(AuditChain.timestamp(date))
        }
        return encoder
    }

    @Test func eventBodiesAreTheSameBytes() throws {
        let scenario = Scenario()
        for (index, purpose) in ["Máy tính / máy in \"A4\"", "emoji 🐃 & <b>", "\u{1}\t\n", "a/b\\c"].enumerated() {
            var request = ApplicationRequest(amount: 80, purpose: purpose, documents: ["plan"])
            request.items = [RequestedItem(name: purpose, quantity: 2, unitPrice: 40)]
            let outcome = try Workflow.create(
                id: UUID(), reference: PublicReference(kind: .equipmentGrant, year: 2026, serial: index + 1),
                request: request, by: scenario.applicantActor, context: scenario.context())
            let at = Scenario.now.addingTimeInterval(Double(index) * 0.001 + 0.0004)
            let body = AuditEventBody(
                outcome: outcome, seq: index + 1, actor: scenario.applicantActor, channel: .api, at: at)
            #expect(body.canonicalJSON() == (try Self.former().encode(body)))
        }
    }

    @Test func checkpointBodiesAreTheSameBytes() throws {
        let body = CheckpointBody(
            takenAt: Scenario.now, applications: 3, events: 12, headsDigest: Data(repeating: 7, count: 32),
            previous: Data(repeating: 1, count: 32))
        let plain = JSONEncoder()
        plain.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(body.canonicalJSON() == (try plain.encode(body)))
    }

    @Test func canonicalBytesAreSortedCompactAndUnescaped() throws {
        struct Sample: Encodable {
            var zebra = "a/b"
            var alpha = Date(timeIntervalSince1970: 1_796_004_960.25)
            var middle = ["ý": 1]
        }
        let text = String(decoding: try JSONCoding.canonical.encode(Sample()), as: UTF8.self)
        #expect(text == #"{"alpha":"2026-11-30T02:16:00.250Z","middle":{"ý":1},"zebra":"a/b"}"#)
    }
}
