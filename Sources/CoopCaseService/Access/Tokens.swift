import Crypto
import Foundation

/// Opaque bearer tokens: 256 random bits, only their SHA-256 stored.
public enum Tokens {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }
}
