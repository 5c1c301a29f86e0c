import CoopCaseDomain
import Foundation

/// Bearer-token sessions. Only the token's SHA-256 is stored. A serving process keeps the users behind recent tokens
/// in memory while it listens for session changes (`keepCacheCurrent`), so most requests skip this lookup; any change
/// that can end a session — logout, a disabled user, a new role or password, from this process or any other — clears
/// that memory at commit, so a disabled user's tokens stop working at once.
public struct SessionStore: Sendable {
    let database: Database
    static let channel = "coopcase_sessions"

    /// Whether lookups are being answered from memory (only while listening).
    public var isListening: Bool { database.sessionCache.generation() != nil }

    /// Listens for session changes until cancelled, reconnecting after a lost connection; while it listens, lookups
    /// are kept in memory. Holds one pooled connection.
    public func keepCacheCurrent(retryAfter delay: Duration = .seconds(1)) async {
        let cache = database.sessionCache
        var failures = 0
        while !Task.isCancelled {
            do {
                try await database.client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        cache.listening(true)
                        defer { cache.listening(false) }
                        failures = 0
                        for try await _ in notifications { cache.invalidate() }
                    }
                }
            } catch {
                failures += 1
                if failures == 1 {
                    database.logger.warning(
                        "session changes: not listening; every request reads its session until this recovers",
                        metadata: ["error": "\(String(reflecting: error))"])
                }
            }
            cache.listening(false)
            try? await Task.sleep(for: delay)
        }
    }

    /// The user and password hash for a login attempt; nil for unknown or disabled users alike.
    public func credentials(username: String) async throws -> (User, String)? {
        let rows = try await database.rows(
            """
            SELECT id, username, display_name, role, cooperative_id, password_hash FROM users
            WHERE username = \(username.lowercased()) AND NOT disabled AND password_hash IS NOT NULL
            """)
        for (id, name, display, role, cooperative, hash) in try rows.decode(
            (UUID, String, String, String, UUID?, String).self)
        {
            let user = User(
                id: id, username: name, displayName: display, role: Role(rawValue: role) ?? .applicant,
                cooperativeId: cooperative, disabled: false)
            return (user, hash)
        }
        return nil
    }

    /// Starts a session that lasts `lifetime` from now on the database's clock; returns when it expires.
    public func create(userId: UUID, tokenHash: Data, lifetime: Duration) async throws -> Date {
        let expiresAt = database.now.addingTimeInterval(TimeInterval(lifetime.components.seconds))
        try await database.rows(
            "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (\(tokenHash), \(userId), \(expiresAt))")
        return expiresAt
    }

    /// The user behind a live token.
    public func user(tokenHash: Data) async throws -> User? {
        let cache = database.sessionCache
        // One clock (the injected one) for the query and the memory, so both expire a session at the same instant.
        let now = database.now
        if let user = cache.user(tokenHash, at: now) { return user }
        let generation = cache.generation()
        let rows = try await database.rows(
            """
            SELECT u.id, u.username, u.display_name, u.role, u.cooperative_id, s.expires_at FROM sessions s
            JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = \(tokenHash) AND s.revoked_at IS NULL AND s.expires_at > \(now) AND NOT u.disabled
              AND NOT s.web
            """)
        for (id, name, display, role, cooperative, expires) in try rows.decode(
            (UUID, String, String, String, UUID?, Date).self)
        {
            let user = User(
                id: id, username: name, displayName: display, role: Role(rawValue: role) ?? .applicant,
                cooperativeId: cooperative, disabled: false)
            if let generation { cache.store(user, for: tokenHash, until: expires, ifStill: generation) }
            return user
        }
        return nil
    }

    /// Starts a workspace session: it lasts `lifetime` at most and ends sooner after `idle` without use.
    public func createWeb(userId: UUID, tokenHash: Data, lifetime: Duration, idle: Duration) async throws -> Date {
        let now = database.now
        let expiresAt = now.addingTimeInterval(TimeInterval(lifetime.components.seconds))
        try await database.rows(
            """
            WITH started AS (
                INSERT INTO sessions (token_hash, user_id, expires_at, web) VALUES (\(tokenHash), \(userId), \(expiresAt), true)
                RETURNING token_hash)
            INSERT INTO web_sessions (token_hash, idle_seconds, last_seen_at)
            SELECT token_hash, \(Int(idle.components.seconds)), \(now) FROM started
            """)
        return expiresAt
    }

    /// How often a workspace session's use is written: a page does not write when the mark is fresher than this.
    public static let webMarkInterval: TimeInterval = 60

    /// The user behind a live workspace token, marking it used now (to the minute); nil once revoked, expired, idle too
    /// long, or its user disabled. Remembered while listening, as bearer tokens are, until the mark is due again:
    /// whatever ends a session or disables a user clears the memory, so a disabled user stops at the next click.
    public func webUser(tokenHash: Data) async throws -> User? {
        let cache = database.sessionCache
        let now = database.now
        if let user = cache.webUser(tokenHash, at: now) { return user }
        let generation = cache.generation()
        let rows = try await database.rows(
            """
            WITH live AS (
                SELECT u.id, u.username, u.display_name, u.role, u.cooperative_id, s.expires_at, w.last_seen_at,
                    w.idle_seconds
                FROM web_sessions w JOIN sessions s ON s.token_hash = w.token_hash JOIN users u ON u.id = s.user_id
                WHERE w.token_hash = \(tokenHash) AND s.web AND s.revoked_at IS NULL AND s.expires_at > \(now)
                  AND NOT u.disabled AND w.last_seen_at + make_interval(secs => w.idle_seconds) > \(now)),
            touched AS (
                UPDATE web_sessions SET last_seen_at = \(now)
                WHERE token_hash = \(tokenHash) AND EXISTS (SELECT 1 FROM live)
                  AND last_seen_at < \(now) - make_interval(secs => \(Self.webMarkInterval)))
            SELECT id, username, display_name, role, cooperative_id, expires_at, last_seen_at, idle_seconds FROM live
            """)
        for (id, name, display, role, cooperative, expires, seen, idle) in try rows.decode(
            (UUID, String, String, String, UUID?, Date, Date, Int).self)
        {
            let user = User(
                id: id, username: name, displayName: display, role: Role(rawValue: role) ?? .applicant,
                cooperativeId: cooperative, disabled: false)
            // The mark as the statement left it.
            let marked = seen < now.addingTimeInterval(-Self.webMarkInterval) ? now : seen
            if let generation {
                let recheck = min(
                    expires, marked.addingTimeInterval(TimeInterval(idle)),
                    marked.addingTimeInterval(Self.webMarkInterval))
                cache.storeWeb(user, for: tokenHash, until: recheck, ifStill: generation)
            }
            return user
        }
        return nil
    }

    public func revoke(tokenHash: Data) async throws {
        try await database.rows(
            "UPDATE sessions SET revoked_at = now() WHERE token_hash = \(tokenHash) AND revoked_at IS NULL")
        database.sessionCache.invalidate()
    }
}
