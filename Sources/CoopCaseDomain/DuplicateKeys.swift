/// Finds a key written twice in one JSON object. Decoders keep one of the two silently, so a request could say
/// one thing to a reader and another to the server; such a body is refused instead. Keys are compared as decoded
/// (`"a"` and `"\u0061"` are one key). Malformed JSON is left to the decoder: the scan answers nil for it.
public enum DuplicateKeys {
    public static func first(in json: some Collection<UInt8>) -> String? {
        let bytes = Array(json)
        // One entry per open container: the keys of an object so far, nil for an array.
        var open: [Set<[UInt8]>?] = []
        var expectingKey = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                open.append([])
                expectingKey = true
            case UInt8(ascii: "["):
                open.append(nil)
                expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard !open.isEmpty else { return nil }
                open.removeLast()
                expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = open.last.map { $0 != nil } ?? false
            case UInt8(ascii: ":"):
                expectingKey = false
            case UInt8(ascii: "\""):
                guard let (text, end) = string(bytes, from: index + 1) else { return nil }
                if expectingKey, var keys = open.last ?? nil {
                    if keys.contains(text) { return String(decoding: text, as: UTF8.self) }
                    keys.insert(text)
                    open[open.count - 1] = keys
                    expectingKey = false
                }
                index = end
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// The string starting after its opening quote, decoded, and the index of its closing quote.
    static func string(_ bytes: [UInt8], from start: Int) -> ([UInt8], Int)? {
        var text: [UInt8] = []
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { return (text, index) }
            guard byte == UInt8(ascii: "\\") else {
                text.append(byte)
                index += 1
                continue
            }
            guard index + 1 < bytes.count else { return nil }
            let escaped = bytes[index + 1]
            switch escaped {
            case UInt8(ascii: "u"):
                guard index + 5 < bytes.count,
                    let unit = UInt16(String(decoding: bytes[(index + 2)...(index + 5)], as: UTF8.self), radix: 16)
                else { return nil }
                // ASCII decoded (every key the contract names is ASCII); anything else kept as its escape, lower-cased.
                text.append(contentsOf: unit < 0x80 ? [UInt8(unit)] : bytes[index...(index + 5)].map { $0 | 0x20 })
                index += 6
            case UInt8(ascii: "n"): text.append(0x0A); index += 2
            case UInt8(ascii: "t"): text.append(0x09); index += 2
            case UInt8(ascii: "r"): text.append(0x0D); index += 2
            case UInt8(ascii: "b"): text.append(0x08); index += 2
            case UInt8(ascii: "f"): text.append(0x0C); index += 2
            default: text.append(escaped); index += 2
            }
        }
        return nil
    }
}
