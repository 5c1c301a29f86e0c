import CoopCaseDomain
import Foundation
import PostgresNIO

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
