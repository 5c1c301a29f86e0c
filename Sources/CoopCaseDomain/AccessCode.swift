import Crypto
import Foundation

/// The code a cooperative uses with its reference to look up status without an account.
/// Shown once at creation; only a salted SHA-256 is stored.
public struct AccessCode: Sendable, Equatable {
    /// No 0/O, 1/I/L: codes are read aloud and typed from paper.
    static let alphabet = Array("ABCDEFGHJKMNPQRSTUVWXYZ23456789")
    public let value: String

    public static func generate() -> AccessCode {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<8).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return AccessCode(value: String(characters[0..<4]) + "-" + String(characters[4..<8]))
    }

    public init(value: String) { self.value = value }

    /// What is kept: `salt$hash`, both hex.
    public func stored() -> String {
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
        return AuditCheckpoint.hex(salt) + "$" + Self.digest(salt: salt, code: value)
    }

    /// Whether a typed code matches the stored form; blanks, dashes and case are forgiven.
    public static func matches(_ typed: String, stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 2, let salt = bytes(fromHex: String(parts[0])) else { return false }
        let candidate = Array(digest(salt: salt, code: typed).utf8)
        let expected = Array(parts[1].utf8)
        return sameBytes(candidate, expected)
    }

    /// Whether two byte strings are equal, in time that does not depend on where they first differ.
    public static func sameBytes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A typed code as it was issued, for reading aloud from paper: `vqj42fb6` → `VQJ4-2FB6`.
    public static func display(_ typed: String) -> String {
        let characters = Array(normalise(typed))
        guard characters.count == 8 else { return String(characters) }
        return String(characters[0..<4]) + "-" + String(characters[4..<8])
    }

    static func normalise(_ code: String) -> String {
        String(code.uppercased().filter { $0.isLetter || $0.isNumber })
    }

    static func digest(salt: [UInt8], code: String) -> String {
        AuditCheckpoint.hex(Array(SHA256.hash(data: salt + Array(normalise(code).utf8))))
    }

    static func bytes(fromHex text: String) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            result.append(byte)
            index = next
        }
        return result
    }
}
