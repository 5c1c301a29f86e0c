import CoopCaseDomain
internal import CoopCasePostgres
import Foundation

/// Requests made with an `Idempotency-Key`: a replay with the same request gets the response stored the first time.
public struct IdempotencyService: Sendable {
    let database: Database

    /// The stored response for `request`, nil when the key is new; throws `keyReused` when the key came with another
    /// request.
    public func replay(_ request: IdempotencyRequest) async throws -> StoredResponse? {
        guard let (fingerprint, response) = try await database.idempotency.stored(request) else { return nil }
        guard fingerprint == request.fingerprint else { throw IdempotencyError.keyReused }
        return response
    }
}
