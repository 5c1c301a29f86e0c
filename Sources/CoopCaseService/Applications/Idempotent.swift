import CoopCaseDomain
import Foundation

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
