import CoopCaseDomain
import Foundation
import PostgresNIO
import Synchronization

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

    public func revoke(tokenHash: Data) async throws {
        try await database.rows(
            "UPDATE sessions SET revoked_at = now() WHERE token_hash = \(tokenHash) AND revoked_at IS NULL")
        database.sessionCache.invalidate()
    }
}

/// The users behind recently seen tokens. Used only while listening: a lookup stores its answer only if nothing
/// invalidated the memory since it began (the generation), so a change racing a lookup is never hidden.
final class SessionCache: Sendable {
    private struct State {
        var listening = false
        var generation: UInt64 = 0
        var users: [Data: (user: User, expires: Date)] = [:]
    }
    private let state = Mutex(State())
    /// Bounds memory under a flood of distinct tokens; the next lookups refill it.
    static let capacity = 10_000

    func user(_ tokenHash: Data, at now: Date) -> User? {
        state.withLock { state in
            guard state.listening, let entry = state.users[tokenHash], entry.expires > now else { return nil }
            return entry.user
        }
    }

    /// Nil when not listening.
    func generation() -> UInt64? {
        state.withLock { $0.listening ? $0.generation : nil }
    }

    func store(_ user: User, for tokenHash: Data, until expires: Date, ifStill generation: UInt64) {
        state.withLock { state in
            guard state.listening, state.generation == generation else { return }
            if state.users.count >= Self.capacity { state.users.removeAll(keepingCapacity: true) }
            state.users[tokenHash] = (user, expires)
        }
    }

    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.users.removeAll()
        }
    }

    /// Starting or stopping to listen forgets everything: changes may have gone unheard in between.
    func listening(_ on: Bool) {
        state.withLock { state in
            state.listening = on
            state.generation &+= 1
            state.users.removeAll()
        }
    }
}

/// A request made with an `Idempotency-Key`: replays with the same body get the stored response.
public struct IdempotencyRequest: Sendable {
    public var userId: UUID
    public var key: String
    /// SHA-256 of what identifies the request: method, path and body.
    public var fingerprint: Data

    public init(userId: UUID, key: String, fingerprint: Data) {
        self.userId = userId
        self.key = key
        self.fingerprint = fingerprint
    }
}

/// What was answered the first time.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var body: Data

    public init(status: Int, body: Data) {
        self.status = status
        self.body = body
    }
}

public enum IdempotencyError: Error, Equatable {
    /// The key was used before with a different request.
    case keyReused
    /// Another request with the same key committed first; replay it.
    case inFlight
}

/// An idempotency key and how to render the response to store with the effect.
public struct Idempotent: Sendable {
    public var request: IdempotencyRequest
    public var respond: @Sendable (Application, ProgrammeIdentity) throws -> StoredResponse

    public init(
        request: IdempotencyRequest,
        respond: @escaping @Sendable (Application, ProgrammeIdentity) throws -> StoredResponse
    ) {
        self.request = request
        self.respond = respond
    }
}

public struct IdempotencyStore: Sendable {
    let database: Database

    /// The stored response for `request`, nil when the key is new; throws when the key came with another body.
    public func replay(_ request: IdempotencyRequest) async throws -> StoredResponse? {
        let rows = try await database.rows(
            """
            SELECT request_hash, status, response FROM idempotency_keys
            WHERE user_id = \(request.userId) AND key = \(request.key)
            """)
        for (fingerprint, status, body) in try rows.decode((Data, Int, Data).self) {
            guard fingerprint == request.fingerprint else { throw IdempotencyError.keyReused }
            return StoredResponse(status: status, body: body)
        }
        return nil
    }

    /// Records the response inside the caller's transaction, so the key exists exactly when the effect does.
    func record(_ request: IdempotencyRequest, _ response: StoredResponse, on connection: PostgresConnection)
        async throws
    {
        try await connection.run(
            """
            INSERT INTO idempotency_keys (user_id, key, request_hash, status, response)
            VALUES (\(request.userId), \(request.key), \(request.fingerprint), \(response.status), \(response.body))
            """, logger: database.logger)
    }
}
