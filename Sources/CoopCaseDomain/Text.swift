/// Trimming and searching in pure Swift. On Linux, Foundation's `trimmingCharacters(in:)` and `contains(_:)` go
/// through NSString, a measurable share of a workflow action's CPU for strings this short.
extension StringProtocol {
    /// Without leading and trailing white space, as `CharacterSet.whitespacesAndNewlines` trims: Unicode's
    /// White_Space and the zero-width space. With `keepingNewlines`, as `CharacterSet.whitespaces`: no line breaks.
    public func trimmed(keepingNewlines: Bool = false) -> String {
        let blank = { (character: Character) in
            (character.isWhitespace || character == "\u{200B}") && !(keepingNewlines && character.isNewline)
        }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }

    /// Whether `other` occurs in it, byte for byte.
    public func includes(_ other: some StringProtocol) -> Bool {
        var text = String(self)
        var part = String(other)
        return text.withUTF8 { text in part.withUTF8 { text.includes($0) } }
    }

    /// With every `%XX` decoded; nil when one is malformed or the bytes are not UTF-8 (as Foundation's
    /// `removingPercentEncoding`).
    public func percentDecoded() -> String? {
        func hex(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hex), let low = iterator.next().flatMap(hex) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether `part` occurs in these bytes: a plain scan. The standard library's `firstRange(of:)`, generic over
    /// any collection, took 2–3 % of the server's CPU for a read or an action in three middleware checks.
    public func includes(_ part: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = part.first else { return true }
        guard part.count <= count else { return false }
        for start in 0...(count - part.count) where self[start] == first {
            var matched = 1
            while matched < part.count, self[start + matched] == part[matched] { matched += 1 }
            if matched == part.count { return true }
        }
        return false
    }
}
