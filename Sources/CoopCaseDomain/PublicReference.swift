import Foundation

/// The reference a cooperative quotes, e.g. `VAY-2026-000123-3`: kind prefix, year, serial and a Luhn check digit.
public struct PublicReference: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let value: String

    public init(kind: ProgrammeKind, year: Int, serial: Int) {
        let body = String(format: "%04d%06d", year, serial)
        value = "\(kind.referencePrefix)-\(year)-\(String(format: "%06d", serial))-\(Self.luhn(body))"
    }

    /// Parses a reference typed by a person: case and surrounding blanks are forgiven, a wrong digit is not.
    public init?(parsing raw: String) {
        let text = raw.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = text.split(separator: "-")
        guard parts.count == 4,
            ProgrammeKind.allCases.contains(where: { $0.referencePrefix == parts[0] }),
            parts[1].count == 4, parts[2].count == 6, parts[3].count == 1,
            (parts[1] + parts[2] + parts[3]).allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        guard Self.luhn(String(parts[1] + parts[2])) == Int(String(parts[3])) else { return nil }
        value = text
    }

    /// Luhn check digit over a string of decimal digits.
    static func luhn(_ digits: String) -> Int {
        var sum = 0
        for (index, character) in digits.reversed().enumerated() {
            var digit = character.wholeNumberValue ?? 0
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
