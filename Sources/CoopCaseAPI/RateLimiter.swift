import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Token buckets per key (client address, user, or username being tried). A lock rather than an actor: every
/// request takes a token, and a hop to an actor cost more than the arithmetic it guards.
final class RateLimiter: Sendable {
    struct Limit: Sendable {
        var burst: Double
        var perSecond: Double
    }

    private let buckets = Mutex<[String: (tokens: Double, at: ContinuousClock.Instant)]>([:])
    private let clock = ContinuousClock()

    /// Takes one token for `key`; returns the seconds to wait when none is left.
    func take(_ key: String, _ limit: Limit) -> Int? {
        let now = clock.now
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? (limit.burst, now)
            let elapsed = now - bucket.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(limit.burst, bucket.tokens + seconds * limit.perSecond)
            bucket.at = now
            if buckets.count > 100_000 { buckets.removeAll(keepingCapacity: true) }
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return max(1, Int(((1 - bucket.tokens) / limit.perSecond).rounded(.up)))
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return nil
        }
    }
}

/// Per-client limits, stricter on logging in and on the public status lookup (guessing codes).
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter
    let settings: RateLimitSettings

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let client = context.clientAddress
        let path = request.uri.path
        var checks: [(String, RateLimiter.Limit)] = [("all:\(client)", settings.general)]
        if request.method == .post && path == "/v1/sessions" { checks.append(("login:\(client)", settings.login)) }
        if path.hasPrefix("/v1/status/") { checks.append(("status:\(client)", settings.status)) }
        for (key, limit) in checks {
            if let wait = limiter.take(key, limit) { throw APIError.tooManyRequests(retryAfter: wait) }
        }
        return try await next(request, context)
    }
}
