import Foundation

/// The reference a cooperative quotes, e.g. `VAY-2026-000123-3`: kind prefix, year, serial and a Luhn check digit.
public struct PublicReference: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let value: String

    public init(kind: ProgrammeKind, year: Int, serial: Int) {
        let body = Digits.padded(year, 4) + Digits.padded(serial, 6)
        value = "\(kind.referencePrefix)-\(year)-\(Digits.padded(serial, 6))-\(Self.luhn(body))"
    }

    /// Parses a reference typed by a person: case and surrounding blanks are forgiven, a wrong digit is not.
    public init?(parsing raw: String) {
        // Read byte by byte: every request by reference parses one, and Character-wise work cost more than the rest.
        var text = Array(raw.utf8)
        if text.contains(where: { $0 >= 0x80 }) {
            // Blanks beyond ASCII, or letters whose capital is ASCII: the long way; what is left must be ASCII.
            text = Array(raw.trimmed(keepingNewlines: true).uppercased().utf8)
        }
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = text.firstIndex(where: { !blank($0) }), let last = text.lastIndex(where: { !blank($0) })
        else { return nil }
        text = text[first...last].map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }
        let parts = text.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == 4, parts[1].count == 4, parts[2].count == 6, parts[3].count == 1,
            ProgrammeKind.allCases.contains(where: { $0.referencePrefix.utf8.elementsEqual(parts[0]) })
        else { return nil }
        let digits = Array(parts[1] + parts[2])
        guard (digits + parts[3]).allSatisfy({ (0x30...0x39).contains($0) }),
            Self.luhn(digits) == Int(parts[3][parts[3].startIndex] - 0x30)
        else { return nil }
        value = String(decoding: text, as: UTF8.self)
    }

    /// Luhn check digit over a string of decimal digits.
    static func luhn(_ digits: String) -> Int { luhn(Array(digits.utf8)) }

    /// Luhn check digit over ASCII decimal digits.
    static func luhn(_ digits: [UInt8]) -> Int {
        var sum = 0
        for (index, character) in digits.reversed().enumerated() {
            var digit = Int(character) - 0x30
            if index % 2 == 0 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return (10 - sum % 10) % 10
    }

    public var description: String { value }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = PublicReference(parsing: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad reference"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}
