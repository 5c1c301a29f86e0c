import Configuration
import CoopCaseDomain
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import CoopCaseAPI

/// The admission gate: no more requests at work than its limit, the rest served in arrival order, a wait given up
/// (its request's time ran out) leaves no trace, and health probes never wait.
@Suite struct AdmissionGateTests {
    /// Values shared with the tasks under test.
    final class Shared<Value: Sendable>: Sendable {
        let value: Mutex<Value>
        init(_ value: Value) { self.value = Mutex(value) }
        func withLock<R: Sendable>(_ body: (inout sending Value) -> sending R) -> R { value.withLock(body) }
    }

    /// Polls until `condition` holds: the tasks under test run on their own.
    static func until(_ condition: () -> Bool) async throws {
        for _ in 0..<2_000 where !condition() { try await Task.sleep(for: .milliseconds(5)) }
        #expect(condition())
    }

    @Test func noMoreThanTheLimitWorkAtOnceAndTheRestGoInArrivalOrder() async throws {
        let gate = AdmissionGate(limit: 2)
        let working = Shared((now: 0, most: 0))
        let order = Shared<[Int]>([])
        let release = Shared(false)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try await gate.run {
                        working.withLock {
                            $0.now += 1; $0.most = max($0.most, $0.now)
                        }
                        order.withLock { $0.append(index) }
                        try await Self.until { release.withLock { $0 } }
                        working.withLock { $0.now -= 1 }
                    }
                }
                // The next arrives once this one is at work or in the queue.
                try await Self.until { gate.counts.working + gate.counts.waiting == index + 1 }
            }
            #expect(gate.counts == (2, 6))
            release.withLock { $0 = true }
            try await group.waitForAll()
        }
        #expect(working.withLock { $0.most } == 2)
        #expect(order.withLock { $0 } == Array(0..<8))
        #expect(gate.counts == (0, 0))
    }

    @Test func aWaitGivenUpTakesNoPlaceAndRunsNothing() async throws {
        let gate = AdmissionGate(limit: 1)
        let release = Shared(false)
        let ran = Shared(false)
        let holder = Task {
            try await gate.run { try await Self.until { release.withLock { $0 } } }
        }
        try await Self.until { gate.counts == (1, 0) }
        let waiter = Task { try await gate.run { ran.withLock { $0 = true } } }
        try await Self.until { gate.counts == (1, 1) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(!ran.withLock { $0 })
        #expect(gate.counts == (1, 0))
        release.withLock { $0 = true }
        try await holder.value
        #expect(gate.counts == (0, 0))
        let after = try await gate.run { 42 }
        #expect(after == 42, "the place given up was not lost")
    }

    @Test func requestsTakeTurnsAndHealthProbesGoStraightThrough() async throws {
        let log = Shared<[String]>([])
        let router = Router(context: AppRequestContext.self)
        router.addMiddleware {
            ProblemMiddleware()
            RequestTimeoutMiddleware(timeout: .seconds(30))
            AdmissionMiddleware(gate: AdmissionGate(limit: 1))
        }
        let release = Shared(false)
        router.get("/hold") { _, _ -> String in
            log.withLock { $0.append("hold begins") }
            try await Self.until { release.withLock { $0 } }
            log.withLock { $0.append("hold ends") }
            return "held"
        }
        router.get("/next") { _, _ -> String in
            log.withLock { $0.append("next") }
            return "next"
        }
        router.get("/health/live") { _, _ -> String in
            log.withLock { $0.append("health") }
            return "ok"
        }
        try await Application(router: router).test(.router) { client in
            async let held = client.execute(uri: "/hold", method: .get)
            try await Self.until { log.withLock { $0 } == ["hold begins"] }
            async let next = client.execute(uri: "/next", method: .get)
            let health = try await client.execute(uri: "/health/live", method: .get)
            #expect(health.status == .ok)
            #expect(log.withLock { $0 } == ["hold begins", "health"], "the probe did not wait; the request did")
            release.withLock { $0 = true }
            #expect(try await held.status == .ok)
            #expect(try await next.status == .ok)
            #expect(log.withLock { $0 } == ["hold begins", "health", "hold ends", "next"])
        }
    }

    @Test func probesSignInsAndFormPostsPassByTheGateAndEverythingElseWaits() {
        func waits(_ method: HTTPRequest.Method, _ path: String) -> Bool {
            let head = HTTPRequest(method: method, scheme: "http", authority: "localhost", path: path)
            return AdmissionMiddleware.waitsItsTurn(Request(head: head, body: RequestBody(buffer: ByteBuffer())))
        }
        for (method, path) in [
            (HTTPRequest.Method.get, "/health/ready"), (.get, "/health/live"), (.get, "/metrics"),
            (.post, "/v1/sessions"), (.post, "/workspace/sign-in"), (.post, "/tra-cuu"),
        ] {
            #expect(!waits(method, path), "\(method) \(path)")
        }
        for (method, path) in [
            (HTTPRequest.Method.get, "/v1/applications"), (.post, "/v1/applications"), (.get, "/workspace"),
            (.get, "/tra-cuu"), (.delete, "/v1/sessions/current"), (.get, "/openapi.yaml"), (.get, "/healthz"),
        ] {
            #expect(waits(method, path), "\(method) \(path)")
        }
    }

    @Test func aLimitThatIsNotPositiveIsRefusedAtStart() {
        for limit in [0, -1] {
            let reader = ConfigReader(
                provider: InMemoryProvider(values: ["http.concurrentRequests": .init(.int(limit), isSecret: false)]))
            #expect(throws: DomainError.validation(field: "http.concurrentRequests", reason: .positive)) {
                try AppSettings(reader: reader)
            }
        }
    }
}
