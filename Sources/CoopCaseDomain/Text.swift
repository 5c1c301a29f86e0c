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
        utf8.firstRange(of: other.utf8) != nil
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
