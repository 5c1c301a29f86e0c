import CoopCaseDomain
import Foundation
import PostgresNIO
import Synchronization

/// The server closed a connection this process held, before or while one of its statements ran.
public struct ConnectionClosed: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "the database closed the connection" }
}

extension PostgresConnection {
    /// postgres-nio 1.33.2 drops a statement written to a connection that has closed, and its caller waits
    /// forever: with PostgreSQL killed mid-transaction, the next statement (or the ROLLBACK) would never return,
    /// nor would the request waiting on it.
    func requireOpen() throws { if isClosed { throw ConnectionClosed() } }

    /// `query` on a connection this process holds; fails with `ConnectionClosed` once the connection has closed.
    @discardableResult
    func run(_ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line) async throws
        -> PostgresRowSequence
    {
        try await untilClosed { try await self.query(query, logger: logger, file: file, line: line) }
    }

    /// As `run`, for a prepared statement.
    func run<Shape: StatementShape>(_ statement: Prepared<Shape>, logger: Logger) async throws
        -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>
    {
        try await untilClosed { try await self.execute(statement, logger: logger) }
    }

    /// Runs `work` (one statement on this connection) in a task of its own and answers with its outcome, or with
    /// `ConnectionClosed` as soon as the connection closes. A statement can be written just after the connection
    /// closed but before this process saw it, which no check beforehand catches; its task is then left behind.
    func untilClosed<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try requireOpen()
        return try await withCheckedThrowingContinuation { continuation in
            let outcome = Outcome(continuation)
            let watch = ClosingConnections.shared.watch(self) { outcome.resume(.failure(ConnectionClosed())) }
            Task {
                let result: Result<T, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                ClosingConnections.shared.forget(watch)
                outcome.resume(result)
            }
        }
    }
}

/// One continuation that the first of two parties resumes; the second finds nothing left to resume.
private final class Outcome<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }

    func resume(_ result: Result<T, any Error>) {
        continuation.withLock { $0.take() }?.resume(with: result)
    }
}

/// The statements in flight on each held connection, answered when it closes. Each connection's close is
/// watched once, not once per statement, for its close future keeps every callback until it completes.
final class ClosingConnections: Sendable {
    static let shared = ClosingConnections()
    struct Watch {
        let connection: ObjectIdentifier
        let id: UInt64
    }
    private let watched = Mutex<(next: UInt64, byConnection: [ObjectIdentifier: [UInt64: @Sendable () -> Void]])>(
        (0, [:]))

    func watch(_ connection: PostgresConnection, onClose: @escaping @Sendable () -> Void) -> Watch {
        let key = ObjectIdentifier(connection)
        let (id, first) = watched.withLock { watched in
            watched.next += 1
            let first = watched.byConnection[key] == nil
            watched.byConnection[key, default: [:]][watched.next] = onClose
            return (watched.next, first)
        }
        if first {
            connection.closeFuture.whenComplete { _ in
                let waiting = self.watched.withLock { $0.byConnection.removeValue(forKey: key) } ?? [:]
                for onClose in waiting.values { onClose() }
            }
        }
        return Watch(connection: key, id: id)
    }

    func forget(_ watch: Watch) {
        watched.withLock { _ = $0.byConnection[watch.connection]?.removeValue(forKey: watch.id) }
    }
}
