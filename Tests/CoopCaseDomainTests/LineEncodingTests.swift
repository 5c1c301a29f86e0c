import CoopCaseDomain
import Foundation
import PropertyBased
import Testing

/// The export's hand-written JSON and CSV must say exactly what the generic encoders would.
@Suite struct LineEncodingTests {
    /// Characters that need care: quotes, backslashes, slashes, every control character, Vietnamese, emoji.
    static let pool: [Character] =
        ["\"", "\\", "/", ",", "a", "Z", "0", " ", "ơ", "Đ", "ệ", "ữ", "𝄞", "🇻🇳", "\u{7F}", "\u{2028}"]
        + (0..<32).map { Character(Unicode.Scalar(UInt8($0))) }

    static func text(_ codes: [Int]) -> String { String(codes.map { pool[$0 % pool.count] }) }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    @Test func eventLinesMatchJSONEncoderByteForByte() async throws {
        let input = Gen.int(in: 0...10_000).array(of: 0...40).array(of: 3...3)
        await propertyCheck(count: 500, input: input) { parts in
            let event = ExportedEvent(
                application: UUID(), reference: Self.text(parts[0]), seq: parts[1].count,
                at: Date(timeIntervalSince1970: Double(parts[2].count) * 86_400.123), actor: Self.text(parts[1]),
                role: "officer", channel: "api", action: "recommend", from: parts[2].isEmpty ? nil : "underReview",
                to: "recommended", body: Data(Self.text(parts[2]).utf8),
                prevHash: Data(parts[0].map { UInt8($0 % 256) }),
                hash: Data(repeating: 0xAB, count: 32))
            var expected = try! Self.encoder.encode(event)
            expected.append(0x0A)
            #expect(event.jsonLine() == Array(expected))
            #expect(try! JSONDecoder().decode(ExportedEvent.self, from: Data(event.jsonLine())).body == event.body)
        }
    }

    @Test func headLinesMatchJSONEncoderByteForByte() throws {
        let head = ExportManifest.Head(application: UUID(), seq: 42, hash: "00ff")
        #expect(head.jsonLine() == Array(try Self.encoder.encode(head)) + [0x0A])
    }

    @Test func nestedObjectsMatchJSONEncoder() throws {
        struct Line: Encodable {
            var record: ExportManifest.Head
            var type: String
        }
        let head = ExportManifest.Head(application: UUID(), seq: 7, hash: "ab")
        var line = JSONObjectWriter()
        line.field("record") { head.writeFields(to: &$0) }
        line.field("type", "attested")
        #expect(line.line() == Array(try Self.encoder.encode(Line(record: head, type: "attested"))) + [0x0A])
    }

    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect(AuditCheckpoint.hex([0x00, 0x0F, 0xA0, 0xFF]) == "000fa0ff")
        #expect(AuditCheckpoint.data(hex: AuditCheckpoint.hex(Data(0...255))) == Data(0...255))
        #expect(AuditCheckpoint.hex(Data(0...255)) == AuditCheckpoint.hex(Array(0...255)), "bytes held together")
        #expect(AuditCheckpoint.hex(Data([0x00, 0x0F, 0xA0, 0xFF])) == "000fa0ff")
        #expect(AuditCheckpoint.hex(Data()) == "")
    }

    @Test func uuidsPrintAsFoundationPrintsThem() {
        for _ in 0..<1000 {
            let id = UUID()
            #expect(id.exportString == id.uuidString)
        }
    }

    @Test func csvQuotesOnlyWhatNeedsIt() {
        #expect(
            csvLine(["a", "b,c", "say \"hi\"", "line\nbreak", "Hợp tác xã"])
                == Array("a,\"b,c\",\"say \"\"hi\"\"\",\"line\nbreak\",Hợp tác xã\n".utf8))
    }

    @Test func csvLinesFollowTheRuleAsWritten() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...10_000).array(of: 0...40).array(of: 0...6)) { parts in
            let fields = parts.map(Self.text)
            let expected =
                fields.map { field in
                    field.utf8.contains { [0x2C, 0x22, 0x0A, 0x0D].contains($0) }
                        ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                }
                .joined(separator: ",") + "\n"
            #expect(csvLine(fields) == Array(expected.utf8))
        }
    }

    @Test func recordsAppendTheirLinesToWhatIsThere() {
        let event = ExportedEvent(
            application: UUID(), reference: "TBI-2026-000001-8", seq: 3, at: Date(timeIntervalSince1970: 1.5),
            actor: "canbo.hoa", role: "officer", channel: "api", action: "recommend", from: nil, to: "recommended",
            body: Data(#"{"a":"b, \"c\""}"#.utf8), prevHash: Data([1, 2]), hash: Data([3]))
        struct Fields: CSVLineRecord {
            var fields: [String]
            func writeFields(to line: inout CSVLineWriter) { for field in fields { line.field(field) } }
        }
        let fields = [
            event.application.uuidString, event.reference, "3", event.at, event.actor, event.role, event.channel,
            event.action, "", event.to, event.body, event.prevHash, event.hash,
        ]
        var buffer = Array("before\n".utf8)
        CSVLineWriter.append(Fields(fields: fields), to: &buffer)
        JSONObjectWriter.append(event, to: &buffer)
        #expect(buffer == Array("before\n".utf8) + csvLine(fields) + event.jsonLine())
    }
}
