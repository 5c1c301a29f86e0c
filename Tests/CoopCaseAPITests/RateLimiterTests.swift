import NIOCore
import Testing

@testable import CoopCaseAPI

/// Rate limits cannot be reset by flooding, and a subscriber's IPv6 network counts as one client.
@Suite struct RateLimiterTests {
    let guess = RateLimiter.Limit(burst: 3, perSecond: 1.0 / 60)
    let general = RateLimiter.Limit(burst: 200, perSecond: 100)

    /// A username locked by guesses stays locked however many new keys arrive afterwards, and memory stays bounded.
    @Test func floodingWithNewKeysReleasesNoOneAndStaysBounded() {
        let limiter = RateLimiter()
        for _ in 0..<3 { #expect(limiter.take("login-user:victim", guess) == nil) }
        #expect(limiter.take("login-user:victim", guess) != nil)
        #expect(limiter.take("status:guesser", guess) == nil)
        for _ in 0..<2 { _ = limiter.take("status:guesser", guess) }
        #expect(limiter.take("status:guesser", guess) != nil)
        // One request from each of 150,000 addresses, past the 100,000 keys the limiter holds.
        for index in 0..<150_000 {
            _ = limiter.take("all:10.\(index >> 16).\(index >> 8 & 255).\(index & 255)", general)
        }
        #expect(limiter.isLimited("login-user:victim"), "still locked")
        #expect(limiter.isLimited("status:guesser"), "still held back")
        #expect(limiter.count <= limiter.capacity)
    }

    @Test func anOwnerSignsInFromAKnownAddressWhileItsUsernameIsHeldBack() {
        let limiter = RateLimiter(capacity: 10)
        limiter.remember(username: "canbo.hoa", address: "203.0.113.7")
        #expect(limiter.isKnown(username: "canbo.hoa", address: "203.0.113.7"))
        #expect(!limiter.isKnown(username: "canbo.hoa", address: "198.51.100.9"))
        #expect(!limiter.isKnown(username: "lanhdao.minh", address: "203.0.113.7"))
        for index in 0..<50 { limiter.remember(username: "u\(index)", address: "198.51.100.\(index)") }
        #expect(limiter.isKnown(username: "u49", address: "198.51.100.49"), "the most recent are kept")
    }

    @Test func clientsAreCountedByIPv4AddressOrIPv6Network() throws {
        let one = try SocketAddress(ipAddress: "2001:db8:1:2:aaaa::1", port: 1)
        let sibling = try SocketAddress(ipAddress: "2001:db8:1:2:ffff:ffff:ffff:ffff", port: 2)
        let neighbour = try SocketAddress(ipAddress: "2001:db8:1:3::1", port: 3)
        #expect(AppRequestContext.clientKey(one) == "2001:db8:1:2::/64")
        #expect(AppRequestContext.clientKey(one) == AppRequestContext.clientKey(sibling))
        #expect(AppRequestContext.clientKey(one) != AppRequestContext.clientKey(neighbour))
        let mapped = try SocketAddress(ipAddress: "::ffff:192.0.2.10", port: 4)
        #expect(AppRequestContext.clientKey(mapped) == "192.0.2.10")
        #expect(AppRequestContext.clientKey(try SocketAddress(ipAddress: "192.0.2.10", port: 5)) == "192.0.2.10")
        #expect(AppRequestContext.clientKey(nil) == "local")
    }
}
