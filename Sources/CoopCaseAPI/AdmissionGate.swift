import Synchronization

/// At most `limit` requests at work at once; the others wait their turn in arrival order. On a machine whose cores
/// the server shares with PostgreSQL, a few requests at a time each finish sooner than many sharing the cores in
/// the kernel's order, so the slowest answers come closer to the typical one (decision 0012).
final class AdmissionGate: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var free: Int
        var waiting: [Waiter] = []
        var head = 0
        var nextId: UInt64 = 0
    }

    let limit: Int
    private let state: Mutex<State>

    init(limit: Int) {
        self.limit = max(limit, 1)
        state = Mutex(State(free: max(limit, 1)))
    }

    /// Runs `body` once a place is free; a cancelled wait (the request's time ran out) throws without running it.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        try await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async throws {
        let id: UInt64? = state.withLock { state in
            if state.free > 0 {
                state.free -= 1
                return nil
            }
            state.nextId += 1
            return state.nextId
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let cancelled = state.withLock { state in
                    if Task.isCancelled { return true }
                    state.waiting.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiting[state.head...].firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiting.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Hands the place to the longest waiting request, or frees it.
    private func leave() {
        let next = state.withLock { state -> Waiter? in
            guard state.head < state.waiting.count else {
                state.free += 1
                return nil
            }
            let waiter = state.waiting[state.head]
            state.head += 1
            if state.head > 64, state.head * 2 > state.waiting.count {
                state.waiting.removeFirst(state.head)
                state.head = 0
            }
            return waiter
        }
        next?.continuation.resume()
    }

    /// Requests at work and waiting, for tests.
    var counts: (working: Int, waiting: Int) {
        state.withLock { (limit - $0.free, $0.waiting.count - $0.head) }
    }
}
