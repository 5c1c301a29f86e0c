import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// Token buckets per key (client address, user, or username being tried). A lock rather than an actor: every
/// request takes a token, and a hop to an actor cost more than the arithmetic it guards.
///
/// Memory is bounded without ever forgetting a client that is being held back: past `capacity` keys, buckets that
/// have refilled (they say nothing a new bucket would not) go first, then those with the most tokens left; an empty
/// bucket is the last to go. Flooding with new keys therefore evicts the flood's own buckets, not a locked username's.
final class RateLimiter: Sendable {
    struct Limit: Sendable {
        var burst: Double
        var perSecond: Double
    }

    private struct Bucket {
        var tokens: Double
        var at: ContinuousClock.Instant
        var limit: Limit

        /// The tokens it holds at `now`, refilled since it was last touched.
        func tokens(at now: ContinuousClock.Instant) -> Double {
            let elapsed = now - at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return min(limit.burst, tokens + seconds * limit.perSecond)
        }
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    /// Usernames and the addresses they have signed in from (see `remember`), each with when it was last seen.
    private let known = Mutex<[String: ContinuousClock.Instant]>([:])
    private let clock = ContinuousClock()
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    /// Takes one token for `key`; returns the seconds to wait when none is left.
    func take(_ key: String, _ limit: Limit) -> Int? {
        let now = clock.now
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: limit.burst, at: now, limit: limit)
            bucket.tokens = bucket.tokens(at: now)
            bucket.at = now
            bucket.limit = limit
            if buckets[key] == nil && buckets.count >= capacity {
                Self.evict(&buckets, now: now, to: capacity * 9 / 10)
            }
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                let perSecond = max(limit.perSecond, 1e-6)
                return Int(min(86_400, max(1, ((1 - bucket.tokens) / perSecond).rounded(.up))))
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return nil
        }
    }

    /// Drops refilled buckets, then the fullest, until `target` remain: the emptiest (the clients being held back)
    /// are kept longest.
    private static func evict(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant, to target: Int) {
        buckets = buckets.filter { $0.value.tokens(at: now) < $0.value.limit.burst }
        guard buckets.count > target else { return }
        let emptiest = buckets.sorted { $0.value.tokens(at: now) < $1.value.tokens(at: now) }.prefix(target)
        buckets = Dictionary(uniqueKeysWithValues: emptiest.map { ($0.key, $0.value) })
    }

    /// Whether a key is being held back now (for tests and metrics).
    func isLimited(_ key: String) -> Bool {
        let now = clock.now
        return buckets.withLock { buckets in (buckets[key]?.tokens(at: now) ?? .infinity) < 1 }
    }

    var count: Int { buckets.withLock { $0.count } }

    /// Records that `username` signed in from `address`: that address then passes the per-username guard, so
    /// someone guessing the password elsewhere cannot lock its owner out.
    func remember(username: String, address: String) {
        let now = clock.now
        known.withLock { known in
            if known.count >= capacity {
                // The least recently seen go first.
                let kept = known.sorted { $0.value > $1.value }.prefix(capacity * 9 / 10)
                known = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
            }
            known["\(username)\u{0}\(address)"] = now
        }
    }

    func isKnown(username: String, address: String) -> Bool {
        known.withLock { $0["\(username)\u{0}\(address)"] != nil }
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
