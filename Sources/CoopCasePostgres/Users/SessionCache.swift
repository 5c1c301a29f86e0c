import CoopCaseDomain
import Foundation
import Synchronization

/// The users behind recently seen tokens. Used only while listening: a lookup stores its answer only if nothing
/// invalidated the memory since it began (the generation), so a change racing a lookup is never hidden.
final class SessionCache: Sendable {
    private struct State {
        var listening = false
        var generation: UInt64 = 0
        var users: [Data: (user: User, expires: Date)] = [:]
        /// Workspace sessions, apart: their tokens are no bearer tokens. `recheck` is when the session's use must be
        /// marked in the table again (or its idle time has run out), whichever comes first.
        var web: [Data: (user: User, recheck: Date)] = [:]
    }
    private let state = Mutex(State())
    /// Bounds memory under a flood of distinct tokens; the next lookups refill it.
    static let capacity = 10_000

    func user(_ tokenHash: Data, at now: Date) -> User? {
        state.withLock { state in
            guard state.listening, let entry = state.users[tokenHash], entry.expires > now else { return nil }
            return entry.user
        }
    }

    func webUser(_ tokenHash: Data, at now: Date) -> User? {
        state.withLock { state in
            guard state.listening, let entry = state.web[tokenHash], entry.recheck > now else { return nil }
            return entry.user
        }
    }

    func storeWeb(_ user: User, for tokenHash: Data, until recheck: Date, ifStill generation: UInt64) {
        state.withLock { state in
            guard state.listening, state.generation == generation else { return }
            if state.web.count >= Self.capacity { state.web.removeAll(keepingCapacity: true) }
            state.web[tokenHash] = (user, recheck)
        }
    }

    /// Nil when not listening.
    func generation() -> UInt64? {
        state.withLock { $0.listening ? $0.generation : nil }
    }

    func store(_ user: User, for tokenHash: Data, until expires: Date, ifStill generation: UInt64) {
        state.withLock { state in
            guard state.listening, state.generation == generation else { return }
            if state.users.count >= Self.capacity { state.users.removeAll(keepingCapacity: true) }
            state.users[tokenHash] = (user, expires)
        }
    }

    func invalidate() {
        state.withLock { state in
            state.generation &+= 1
            state.users.removeAll()
            state.web.removeAll()
        }
    }

    /// Starting or stopping to listen forgets everything: changes may have gone unheard in between.
    func listening(_ on: Bool) {
        state.withLock { state in
            state.listening = on
            state.generation &+= 1
            state.users.removeAll()
            state.web.removeAll()
        }
    }
}
