import Foundation
import Synchronization

/// A value read from the database and kept for a while, shared by every copy of the `Database` holding it: the
/// working calendar and the administrative units, which every action reads and administrators rarely change.
public final class Remembered<Value: Sendable>: Sendable {
    private let value = Mutex<(Value, ContinuousClock.Instant)?>(nil)

    public init() {}

    /// The value, read again with `load` when none is held or it is older than `freshness`.
    public func value(freshness: Duration, load: () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        if let (value, read) = value.withLock({ $0 }), now - read < freshness { return value }
        let loaded = try await load()
        value.withLock { $0 = (loaded, now) }
        return loaded
    }

    /// Forgets the value, so the next read loads it (after a change made through this process).
    public func forget() { value.withLock { $0 = nil } }
}
