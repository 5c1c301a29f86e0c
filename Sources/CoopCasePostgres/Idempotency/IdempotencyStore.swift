import CoopCaseDomain
import Foundation
import PostgresNIO

public struct IdempotencyStore: Sendable {
    let database: Database

    /// What was stored under `request`'s key, with the fingerprint of the request that stored it; nil when the key is new.
    public func stored(_ request: IdempotencyRequest) async throws -> (fingerprint: Data, response: StoredResponse)? {
        let rows = try await database.rows(
            """
            SELECT request_hash, status, response FROM idempotency_keys
            WHERE user_id = \(request.userId) AND key = \(request.key)
            """)
        for (fingerprint, status, body) in try rows.decode((Data, Int, Data).self) {
            return (fingerprint, StoredResponse(status: status, body: body))
        }
        return nil
    }

    /// Records the response inside the caller's transaction, so the key exists exactly when the effect does.
    public func record(_ request: IdempotencyRequest, _ response: StoredResponse, on connection: PostgresConnection)
        async throws
    {
        try await connection.run(
            """
            INSERT INTO idempotency_keys (user_id, key, request_hash, status, response)
            VALUES (\(request.userId), \(request.key), \(request.fingerprint), \(response.status), \(response.body))
            """, logger: database.logger)
    }
}
