import Foundation

/// Writes one JSON object byte by byte, as `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes`
/// would: exports write millions of lines, and the generic encoder dominated their cost.
/// Callers give keys in sorted order; `nil` values are left out, as synthesized `Codable` does.
public struct JSONObjectWriter {
    public private(set) var bytes: [UInt8]
    private var empty = true

    public init(reservingCapacity capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    private mutating func key(_ name: StaticString) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    public mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        Self.appendString(value, to: &bytes)
    }

    public mutating func field(_ name: StaticString, _ value: (some BinaryInteger)?) {
        guard let value else { return }
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func field(_ name: StaticString, _ value: UUID) {
        field(name, value.exportString)
    }

    /// A nested object.
    public mutating func field(_ name: StaticString, object: (inout JSONObjectWriter) -> Void) {
        key(name)
        var nested = JSONObjectWriter(continuing: bytes)
        bytes = []
        object(&nested)
        bytes = nested.bytes
        bytes.append(UInt8(ascii: "}"))
    }

    /// Opens an object at the end of `bytes`, taking them over without a copy.
    private init(continuing bytes: consuming [UInt8]) {
        self.bytes = bytes
        self.bytes.append(UInt8(ascii: "{"))
    }

    /// The finished object, followed by a newline.
    public consuming func line() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0x0A)
        return bytes
    }

    static func appendString(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            // Copy runs that need no escaping in one go; most text is such a run.
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), 0x30, 0x30])
                    bytes.append(hexDigits[Int(byte >> 4)])
                    bytes.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// A record that can write itself as one JSON object line.
public protocol JSONLineRecord {
    func writeFields(to object: inout JSONObjectWriter)
}

extension JSONLineRecord {
    public func jsonLine() -> [UInt8] {
        var object = JSONObjectWriter()
        writeFields(to: &object)
        return object.line()
    }
}

/// One CSV line (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled.
public func csvLine(_ fields: [String]) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(fields.reduce(fields.count + 8) { $0 + $1.utf8.count })
    for (index, field) in fields.enumerated() {
        if index > 0 { bytes.append(UInt8(ascii: ",")) }
        var field = field
        field.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            bytes.append(0x22)
            var start = 0
            for (index, byte) in utf8.enumerated() where byte == 0x22 {
                // Up to and including the quote, then the quote again.
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...index]))
                bytes.append(0x22)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
            bytes.append(0x22)
        }
    }
    bytes.append(0x0A)
    return bytes
}

extension UUID {
    /// `uuidString` without going through the C formatter: exports print two per row.
    public var exportString: String {
        var text = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
        var position = 0
        withUnsafeBytes(of: uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { position += 1 }
                text[position] = upperHexDigits[Int(byte >> 4)]
                text[position + 1] = upperHexDigits[Int(byte & 0x0F)]
                position += 2
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}

let upperHexDigits = Array("0123456789ABCDEF".utf8)
let hexDigits = Array("0123456789abcdef".utf8)

extension ExportedEvent: JSONLineRecord {
    public func writeFields(to object: inout JSONObjectWriter) {
        object.field("action", action)
        object.field("actor", actor)
        object.field("application", application)
        object.field("at", at)
        object.field("body", body)
        object.field("channel", channel)
        object.field("from", from)
        object.field("hash", hash)
        object.field("prevHash", prevHash)
        object.field("reference", reference)
        object.field("role", role)
        object.field("seq", seq)
        object.field("to", to)
    }
}

extension ExportManifest.Head: JSONLineRecord {
    public func writeFields(to object: inout JSONObjectWriter) {
        object.field("application", application)
        object.field("hash", hash)
        object.field("seq", seq)
    }
}
