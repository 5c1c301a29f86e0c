import Foundation
import Logging
import PostgresNIO

extension PostgresClient {
    /// Runs the pool, finishing `started` as it begins. A lease taken before `run()` has begun waits all the same,
    /// but the pool warns about it; whoever leases first can wait for `started` instead.
    public func run(announcing started: AsyncStream<Void>.Continuation) async {
        started.finish()
        await run()
    }

    /// Runs `body` inside BEGIN … COMMIT, rolling back and rethrowing the body's own error on failure.
    public func transaction<Result: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.run("BEGIN", logger: logger)
            do {
                let result = try await body(connection)
                try await connection.run("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.run("ROLLBACK", logger: logger)
                throw error
            }
        }
    }
}

extension Logger {
    /// For the pool of a one-shot command or a test, which leases a connection the instant the pool starts: the
    /// pool's only warning (a lease made before its `run()`) is noise there, so it logs errors only.
    public var forOneShotPool: Logger {
        var logger = self
        logger.logLevel = max(logLevel, .error)
        return logger
    }
}

/// Runs `body` while `client` is running, then shuts the client down: for one-shot commands and tests.
@discardableResult
public func withRunningClient<Result: Sendable>(
    _ client: PostgresClient, _ body: () async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Void.self) { group in
        let (started, starting) = AsyncStream.makeStream(of: Void.self)
        group.addTask { await client.run(announcing: starting) }
        for await _ in started {}
        do {
            let result = try await body()
            group.cancelAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}
