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
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
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
        var nested = JSONObjectWriter(bare: ())
        // Swapped, not assigned: the buffer stays uniquely referenced, so appending never copies it.
        swap(&nested.bytes, &bytes)
        nested.bytes.append(UInt8(ascii: "{"))
        object(&nested)
        swap(&nested.bytes, &bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    private init(bare: Void) { bytes = [] }

    /// Appends `record` as one line to `bytes`, with no buffer of its own.
    public static func append(_ record: some JSONLineRecord, to bytes: inout [UInt8]) {
        var object = JSONObjectWriter(bare: ())
        swap(&object.bytes, &bytes)
        object.bytes.append(UInt8(ascii: "{"))
        record.writeFields(to: &object)
        object.bytes.append(UInt8(ascii: "}"))
        object.bytes.append(0x0A)
        swap(&object.bytes, &bytes)
    }

    /// The finished object, followed by a newline.
    public consuming func line() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(0x0A)
        return bytes
    }

    static func appendString(_ value: String, to bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
                bytes.append(UInt8(ascii: "\""))
                bytes.append(contentsOf: utf8)
                bytes.append(UInt8(ascii: "\""))
                return
            }
            appendThroughScratch(capacity: utf8.count * 6 + 2, to: &bytes) { out in
                out.put(UInt8(ascii: "\""))
                for byte in utf8 {
                    guard byte < 0x20 || byte == 0x22 || byte == 0x5C else {
                        out.put(byte)
                        continue
                    }
                    out.put(UInt8(ascii: "\\"))
                    switch byte {
                    case 0x22, 0x5C: out.put(byte)
                    case 0x0A: out.put(UInt8(ascii: "n"))
                    case 0x0D: out.put(UInt8(ascii: "r"))
                    case 0x09: out.put(UInt8(ascii: "t"))
                    case 0x08: out.put(UInt8(ascii: "b"))
                    case 0x0C: out.put(UInt8(ascii: "f"))
                    default:
                        out.put(UInt8(ascii: "u"))
                        out.put(0x30)
                        out.put(0x30)
                        out.put(hexDigits[Int(byte >> 4)])
                        out.put(hexDigits[Int(byte & 0x0F)])
                    }
                }
                out.put(UInt8(ascii: "\""))
            }
        }
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

/// Writes one CSV line (RFC 4180) field by field: fields with a comma, quote or line break are quoted, quotes
/// doubled; `nil` is an empty field.
public struct CSVLineWriter {
    public private(set) var bytes: [UInt8]
    private var empty = true

    public init() { bytes = [] }

    private mutating func separate() {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
    }

    public mutating func field(_ value: String?) {
        separate()
        guard var value else { return }
        value.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            appendThroughScratch(capacity: utf8.count * 2 + 2, to: &bytes) { out in
                out.put(0x22)
                for byte in utf8 {
                    out.put(byte)
                    if byte == 0x22 { out.put(0x22) }
                }
                out.put(0x22)
            }
        }
    }

    public mutating func field(_ value: (some BinaryInteger)?) {
        separate()
        if let value { bytes.append(contentsOf: String(value).utf8) }
    }

    public mutating func field(_ value: UUID) { field(value.exportString) }

    /// The finished line, newline included.
    public consuming func line() -> [UInt8] {
        bytes.append(0x0A)
        return bytes
    }

    /// Appends `record` as one line to `bytes`, with no buffer of its own.
    public static func append(_ record: some CSVLineRecord, to bytes: inout [UInt8]) {
        var line = CSVLineWriter()
        swap(&line.bytes, &bytes)
        record.writeFields(to: &line)
        line.bytes.append(0x0A)
        swap(&line.bytes, &bytes)
    }
}

/// A record that can write itself as one CSV line.
public protocol CSVLineRecord {
    func writeFields(to line: inout CSVLineWriter)
}

/// One CSV line (RFC 4180) of text fields.
public func csvLine(_ fields: [String]) -> [UInt8] {
    var line = CSVLineWriter()
    for field in fields { line.field(field) }
    return line.line()
}

/// Bytes built in scratch space, appended to their destination at once: an append per escape cost more than the
/// escaping itself.
struct ScratchBytes {
    let storage: UnsafeMutableBufferPointer<UInt8>
    var count = 0

    mutating func put(_ byte: UInt8) {
        storage[count] = byte
        count += 1
    }
}

/// Builds at most `capacity` bytes with `build` and appends them to `bytes`.
func appendThroughScratch(capacity: Int, to bytes: inout [UInt8], _ build: (inout ScratchBytes) -> Void) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { storage in
        var scratch = ScratchBytes(storage: storage)
        build(&scratch)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: storage[..<scratch.count]))
    }
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
