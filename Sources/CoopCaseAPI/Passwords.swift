import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt over a SHA-256 pre-hash (base64), so passwords longer than bcrypt's 72 bytes, or holding a NUL,
/// are not silently cut. Hashing runs on the thread pool, never on an event loop.
public enum Passwords {
    /// The shortest password accepted.
    public static let minimumLength = 12

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    public static func hash(_ password: String, cost: UInt8 = 12) async throws -> String {
        let prehashed = prehash(password)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(prehashed, cost: cost) }
    }

    public static func verify(_ password: String, hash: String) async throws -> Bool {
        let prehashed = prehash(password)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(prehashed, hash: hash) }
    }

    /// A bcrypt hash of nothing anyone knows, verified against for unknown users so both cases cost the same.
    static let decoy = Bcrypt.hash(UUID().uuidString, cost: 12)

    /// A random password for generated accounts: 16 characters from an unambiguous alphabet.
    public static func generate() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
