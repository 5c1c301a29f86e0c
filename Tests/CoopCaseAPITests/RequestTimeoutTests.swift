import Configuration
import CoopCaseDomain
import Dispatch
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import CoopCaseAPI

/// The request deadline: a late handler is cancelled and answered 503, one that finishes anyway is answered as
/// usual, and the connection keeps serving.
@Suite struct RequestTimeoutTests {
    final class Seen: Sendable {
        let cancelled = Mutex(0)
    }

    func router(_ seen: Seen) -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        router.addMiddleware {
            ProblemMiddleware()
            RequestTimeoutMiddleware(timeout: .seconds(1))
        }
        router.get("/fast") { _, _ in "fast" }
        // Waits for cancellation, as a request queued for a database connection does.
        router.get("/waiting") { _, _ -> String in
            do {
                try await Task.sleep(for: .seconds(30))
            } catch {
                seen.cancelled.withLock { $0 += 1 }
                throw error
            }
            return "never"
        }
        // Work that cannot be interrupted and completes after the deadline.
        router.get("/stubborn") { _, _ -> String in
            await withCheckedContinuation { continuation in
                DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(2)) { continuation.resume() }
            }
            return "late but done"
        }
        return router
    }

    @Test func lateHandlersAreCancelledAndAnswered503() async throws {
        let seen = Seen()
        let app = Application(router: router(seen))
        try await app.test(.router) { client in
            let clock = ContinuousClock()
            let start = clock.now
            let waiting = try await client.execute(uri: "/waiting", method: .get)
            let took = clock.now - start
            #expect(waiting.status == .serviceUnavailable)
            #expect(waiting.headers[.retryAfter] == "5")
            #expect(String(buffer: waiting.body).contains("\"code\":\"unavailable\""))
            #expect(seen.cancelled.withLock { $0 } == 1, "the handler saw the cancellation")
            #expect(took < .seconds(20), "answered near the deadline, not when the handler would have finished (30 s)")

            let stubborn = try await client.execute(uri: "/stubborn", method: .get)
            #expect(stubborn.status == .ok)
            #expect(String(buffer: stubborn.body) == "late but done")

            for _ in 0..<50 {
                let fast = try await client.execute(uri: "/fast", method: .get)
                #expect(fast.status == .ok)
                #expect(String(buffer: fast.body) == "fast")
            }
            #expect(seen.cancelled.withLock { $0 } == 1, "requests in time are left alone")
        }
    }

    @Test func deadlinesCancelOnlyWhatIsLate() async throws {
        let deadlines = Deadlines(resolution: .milliseconds(50))
        let cancelled = Mutex(false)
        let task = Task {
            do { try await Task.sleep(for: .seconds(30)) } catch { cancelled.withLock { $0 = true } }
        }
        let watch = deadlines.watch(task, until: .now + .milliseconds(100))
        await task.value
        #expect(cancelled.withLock { $0 })
        #expect(!deadlines.forget(watch), "a deadline that passed is reported as such")
        let onTime = Task { try await Task.sleep(for: .milliseconds(1)) }
        let second = deadlines.watch(onTime, until: .now + .seconds(30))
        try await onTime.value
        #expect(deadlines.forget(second), "one that did not is not")
    }

    @Test func aTimeoutThatIsNotPositiveIsRefusedAtStart() {
        for seconds in [0, -5] {
            let reader = ConfigReader(
                provider: InMemoryProvider(values: ["http.requestTimeoutSeconds": .init(.int(seconds), isSecret: false)]
                ))
            #expect(throws: DomainError.validation(field: "http.requestTimeoutSeconds", reason: .positive)) {
                try AppSettings(reader: reader)
            }
        }
    }
}
