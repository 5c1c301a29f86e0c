import Foundation

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
