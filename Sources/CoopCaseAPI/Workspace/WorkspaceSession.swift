import CoopCaseDomain
import Crypto
import Foundation
import Hummingbird

/// The workspace's cookies and form tokens. The session cookie holds an opaque token (only its hash is stored); a
/// form proves it came from a page of this session by carrying a token derived from the session's, which a page of
/// another site can neither read nor compute. Before sign-in, the form and a short-lived cookie carry the same
/// random value (so a sign-in cannot be forged from elsewhere either).
struct WorkspaceSession {
    static let sessionCookie = "coopcase_ws"
    static let loginCookie = "coopcase_ws_login"
    static let languageCookie = "coopcase_lang"
    static let path = "/workspace"

    /// The form token of a session: not the session token, and not computable without it.
    static func formToken(forSession token: String) -> String {
        let digest = SHA256.hash(data: Data("coopcase-workspace-form:\(token)".utf8))
        return AuditCheckpoint.hex(digest)
    }

    /// Compares in time independent of where the two first differ.
    static func same(_ a: String, _ b: String) -> Bool {
        !a.isEmpty && AccessCode.sameBytes(Array(a.utf8), Array(b.utf8))
    }

    static func cookie(_ name: String, _ value: String, maxAge: Int?, secure: Bool, httpOnly: Bool = true) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: path, secure: secure, httpOnly: httpOnly, sameSite: .strict)
    }

    /// A cookie telling the browser to forget `name`.
    static func expired(_ name: String, secure: Bool) -> Cookie { cookie(name, "", maxAge: 0, secure: secure) }

    /// A random value for the sign-in form and its cookie.
    static func loginNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return AuditCheckpoint.hex((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }
}

/// A submitted `application/x-www-form-urlencoded` body, read strictly: a field that is not UTF-8 text or holds NUL
/// makes the whole form unreadable (answered 400), never a value silently changed.
struct FormFields {
    private(set) var values: [String: String] = [:]

    init?(_ body: String) {
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String? {
                String(part).replacingOccurrences(of: "+", with: " ").percentDecoded()
            }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "",
                !name.contains("\0"), !value.contains("\0")
            else { return nil }
            // The first of a repeated name counts; a form of ours never repeats one.
            if values[name] == nil { values[name] = value }
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    /// The field trimmed, nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = values[name]?.trimmed(), !value.isEmpty else {
            return nil
        }
        return value
    }
}
