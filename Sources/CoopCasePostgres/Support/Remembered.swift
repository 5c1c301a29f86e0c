import Foundation
import Synchronization

/// A value read from the database and kept for a while, shared by every copy of the `Database` holding it: the
/// working calendar and the administrative units, which every action reads and administrators rarely change.
public final class Remembered<Value: Sendable>: Sendable {
    private let value = Mutex<(Value, ContinuousClock.Instant)?>(nil)
    private let refreshing = Mutex(false)

    public init() {}

    /// The value, read again with `load` when none is held or it is older than `freshness`.
    public func value(freshness: Duration, load: () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        if let (value, read) = value.withLock({ $0 }), now - read < freshness { return value }
        let loaded = try await load()
        value.withLock { $0 = (loaded, now) }
        return loaded
    }

    /// The value held, however old, while one background read refreshes it once it is older than `freshness`; the
    /// first read waits for it. For figures that may lag a little but must never hold a page up.
    public func value(
        refreshingAfter freshness: Duration, load: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let now = ContinuousClock.now
        guard let (held, read) = value.withLock({ $0 }) else {
            let loaded = try await load()
            value.withLock { $0 = (loaded, now) }
            return loaded
        }
        guard now - read >= freshness else { return held }
        let starts = refreshing.withLock { busy -> Bool in
            if busy { return false }
            busy = true
            return true
        }
        if starts {
            Task {
                defer { refreshing.withLock { $0 = false } }
                if let loaded = try? await load() { value.withLock { $0 = (loaded, ContinuousClock.now) } }
            }
        }
        return held
    }

    /// Forgets the value, so the next read loads it (after a change made through this process).
    public func forget() { value.withLock { $0 = nil } }
}
