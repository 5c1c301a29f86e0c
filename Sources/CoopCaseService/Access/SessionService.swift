import CoopCaseDomain
internal import CoopCasePostgres
import Foundation

/// Signing in and out with bearer tokens: only a token's hash is stored, and a password is checked by the same work
/// whether or not its user exists.
public struct SessionService: Sendable {
    let database: Database
    var store: SessionStore { database.sessions }

    /// A new session for the user with that username and password, or nil when either is wrong (one answer for
    /// both: no user enumeration). `decoyCost` is the bcrypt cost of the passwords set, so an unknown user costs
    /// the same time. With `idle`, a workspace (cookie) session, which also ends after that long without use.
    public func signIn(
        username: String, password: String, decoyCost: UInt8, lifetime: Duration, idle: Duration? = nil
    ) async throws -> (user: User, token: String, expiresAt: Date)? {
        guard let (user, hash) = try await store.credentials(username: username) else {
            _ = try await Passwords.verify(password, hash: Passwords.decoy(cost: decoyCost))
            return nil
        }
        guard try await Passwords.verify(password, hash: hash) else { return nil }
        let token = Tokens.make()
        let expires =
            if let idle {
                try await store.createWeb(
                    userId: user.id, tokenHash: Tokens.hash(token), lifetime: lifetime, idle: idle)
            } else {
                try await store.create(userId: user.id, tokenHash: Tokens.hash(token), lifetime: lifetime)
            }
        return (user, token, expires)
    }

    /// The user behind a workspace token, while its session is live, used recently enough, and the user enabled.
    public func webUser(token: String) async throws -> User? {
        try await store.webUser(tokenHash: Tokens.hash(token))
    }

    /// The user behind a token's hash while its session is live and the user enabled.
    public func user(tokenHash: Data) async throws -> User? { try await store.user(tokenHash: tokenHash) }

    /// Ends the session of that token (bearer or workspace).
    public func revoke(tokenHash: Data) async throws { try await store.revoke(tokenHash: tokenHash) }

    /// Keeps this process's memory of sessions current (see `SessionStore.keepCacheCurrent`) until cancelled.
    public func keepCacheCurrent() async { await store.keepCacheCurrent() }
}
