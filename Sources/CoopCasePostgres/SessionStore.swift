import CoopCaseDomain
import Foundation
import PostgresNIO

/// Bearer-token sessions. Only the token's SHA-256 is stored; every lookup re-checks the user, so a
/// disabled user's tokens stop working at once.
public struct SessionStore: Sendable {
    let database: Database

    /// The user and password hash for a login attempt; nil for unknown or disabled users alike.
    public func credentials(username: String) async throws -> (User, String)? {
        let rows = try await database.client.query(
            """
            SELECT id, username, display_name, role, cooperative_id, password_hash FROM users
            WHERE username = \(username.lowercased()) AND NOT disabled AND password_hash IS NOT NULL
            """, logger: database.logger)
        for try await (id, name, display, role, cooperative, hash) in rows.decode(
            (UUID, String, String, String, UUID?, String).self)
        {
            let user = User(
                id: id, username: name, displayName: display, role: Role(rawValue: role) ?? .applicant,
                cooperativeId: cooperative, disabled: false)
            return (user, hash)
        }
        return nil
    }

    public func create(userId: UUID, tokenHash: Data, expiresAt: Date) async throws {
        try await database.client.query(
            "INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (\(tokenHash), \(userId), \(expiresAt))",
            logger: database.logger)
    }

    /// The user behind a live token.
    public func user(tokenHash: Data) async throws -> User? {
        let rows = try await database.client.query(
            """
            SELECT u.id, u.username, u.display_name, u.role, u.cooperative_id FROM sessions s
            JOIN users u ON u.id = s.user_id
            WHERE s.token_hash = \(tokenHash) AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled
            """, logger: database.logger)
        for try await (id, name, display, role, cooperative) in rows.decode((UUID, String, String, String, UUID?).self)
        {
            return User(
                id: id, username: name, displayName: display, role: Role(rawValue: role) ?? .applicant,
                cooperativeId: cooperative, disabled: false)
        }
        return nil
    }

    public func revoke(tokenHash: Data) async throws {
        try await database.client.query(
            "UPDATE sessions SET revoked_at = now() WHERE token_hash = \(tokenHash) AND revoked_at IS NULL",
            logger: database.logger)
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
        let rows = try await database.client.query(
            """
            SELECT request_hash, status, response FROM idempotency_keys
            WHERE user_id = \(request.userId) AND key = \(request.key)
            """, logger: database.logger)
        for try await (fingerprint, status, body) in rows.decode((Data, Int, Data).self) {
            guard fingerprint == request.fingerprint else { throw IdempotencyError.keyReused }
            return StoredResponse(status: status, body: body)
        }
        return nil
    }

    /// Records the response inside the caller's transaction, so the key exists exactly when the effect does.
    func record(_ request: IdempotencyRequest, _ response: StoredResponse, on connection: PostgresConnection)
        async throws
    {
        try await connection.query(
            """
            INSERT INTO idempotency_keys (user_id, key, request_hash, status, response)
            VALUES (\(request.userId), \(request.key), \(request.fingerprint), \(response.status), \(response.body))
            """, logger: database.logger)
    }
}
