import Configuration
import CoopCaseDomain
import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// bcrypt over a SHA-256 pre-hash (base64), so passwords longer than bcrypt's 72 bytes, or holding a NUL,
/// are not silently cut. Hashing runs on the thread pool, never on an event loop.
public enum Passwords {
    /// The shortest password accepted.
    public static let minimumLength = 12

    /// Whether `password` is long enough, counted in Unicode code points as the contract's `minLength` counts: a
    /// password the contract accepts is never refused for its length.
    public static func isLongEnough(_ password: String) -> Bool { password.unicodeScalars.count >= minimumLength }

    /// `password` when it is long enough to be set; a validation error naming the field otherwise.
    public static func acceptable(_ password: String) throws -> String {
        guard isLongEnough(password) else {
            throw DomainError.validation(field: "password", reason: .passwordTooShort)
        }
        return password
    }

    /// The bcrypt work factor every password is set with (`auth.bcryptCost`, 4 to 31; 12 by default): the server,
    /// the CLI and the demo seed read it alike, so every hash, and the decoy for unknown users, costs the same.
    public static func cost(_ reader: ConfigReader) throws -> UInt8 {
        let cost = reader.int(forKey: "auth.bcryptCost", default: 12)
        guard (4...31).contains(cost) else {
            throw DomainError.validation(field: "auth.bcryptCost", reason: .unknownValue)
        }
        return UInt8(cost)
    }

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    /// A password as it is hashed: in Unicode's composed form (NFC), so "mật khẩu" typed on a keyboard that sends
    /// combining marks (NFD) is the same password as on one that sends composed letters.
    static func normalised(_ password: String) -> String { password.precomposedStringWithCanonicalMapping }

    public static func hash(_ password: String, cost: UInt8 = 12) async throws -> String {
        let prehashed = prehash(normalised(password))
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(prehashed, cost: cost) }
    }

    /// Whether `password` is the one `hash` was made from. Hashes made before passwords were normalised hold the text
    /// as typed: when normalising changed it, that form is tried too — for known and unknown users alike, so both
    /// cost the same.
    public static func verify(_ password: String, hash: String) async throws -> Bool {
        let composed = normalised(password)
        let forms = composed == password ? [prehash(composed)] : [prehash(composed), prehash(password)]
        return try await NIOThreadPool.singleton.runIfActive {
            forms.map { Bcrypt.verify($0, hash: hash) }.contains(true)
        }
    }

    /// A bcrypt hash of nothing anyone knows, at the configured cost, verified against for unknown users so both
    /// cases cost the same as for users whose passwords were set at that cost.
    static func decoy(cost: UInt8) -> String {
        decoys.withLock { known in
            if let hash = known[cost] { return hash }
            let hash = Bcrypt.hash(UUID().uuidString, cost: cost)
            known[cost] = hash
            return hash
        }
    }

    private static let decoys = Mutex<[UInt8: String]>([:])

    /// A random password for generated accounts: 16 characters from an unambiguous alphabet.
    public static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
