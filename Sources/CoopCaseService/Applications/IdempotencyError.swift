import CoopCaseDomain
import Foundation

/// Why a request with an idempotency key was not performed.
public enum IdempotencyError: Error, Equatable {
    /// The key was used before with a different request.
    case keyReused
    /// Another request with the same key committed first; replay it.
    case inFlight
}
