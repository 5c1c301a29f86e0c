import CoopCaseTestSupport
import Foundation
import PostgresNIO
import Testing

@testable import CoopCasePostgres

/// PostgreSQL closing a connection in the middle of a transaction (killed, restarted, a timeout): the transaction
/// fails with an error at once and the pool serves the next request.
// Each limit guards against a hang only: the tests take a second or two alone. Their waits poll until what they wait
// for is seen (up to a minute), so a busy machine makes them slower, not wrong.
@Suite struct ConnectionLossTests {
    @Test(.timeLimit(.minutes(5)))
    func aTransactionWhoseConnectionIsClosedFailsAndThePoolGoesOn() async throws {
        try await TestDatabase.with { test in
            let client = test.database.client
            await #expect(throws: (any Error).self) {
                try await client.transaction(logger: test.database.logger) { connection in
                    try await connection.run("SELECT 1", logger: test.database.logger)
                    let terminated = try await test.ownerScalar(
                        """
                        SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
                        """, as: Int.self)
                    #expect(terminated == 1)
                    try await Task.sleep(for: .milliseconds(200))
                    // The store's statements go through `run`; postgres-nio's own `query` would wait forever here.
                    try await connection.run("SELECT 2", logger: test.database.logger)
                }
            }
            var answer = 0
            for try await value in try await client.query("SELECT 3", logger: test.database.logger).decode(Int.self) {
                answer = value
            }
            #expect(answer == 3)
        }
    }

    /// The statement postgres-nio never answers (written just after the connection closed) is stood in for by
    /// work that never ends: its caller is answered when the connection closes, and the connection's next
    /// statement is refused at once.
    @Test(.timeLimit(.minutes(5)))
    func aStatementLeftWithoutAnAnswerIsAnsweredWhenItsConnectionCloses() async throws {
        try await TestDatabase.with { test in
            let logger = test.database.logger
            try await test.database.client.withConnection { connection in
                var backend = 0
                for try await pid in try await connection.run("SELECT pg_backend_pid()", logger: logger).decode(
                    Int.self)
                {
                    backend = pid
                }
                let stuck = Task { try await connection.untilClosed { try await Task.sleep(for: .seconds(3600)) } }
                try await Task.sleep(for: .milliseconds(100))
                let terminated = try await test.ownerScalar(
                    "SELECT pg_terminate_backend(\(backend)::int)", as: Bool.self)
                #expect(terminated == true)
                await #expect(throws: ConnectionClosed.self) { try await stuck.value }
                await #expect(throws: ConnectionClosed.self) { try await connection.run("SELECT 2", logger: logger) }
            }
            var answer = 0
            for try await value in try await test.database.client.query("SELECT 3", logger: logger).decode(Int.self) {
                answer = value
            }
            #expect(answer == 3)
        }
    }

    /// A statement through the pool (`Database.rows`) whose connection PostgreSQL closes while it runs is answered
    /// with an error, not left waiting, and the pool serves the next.
    @Test(.timeLimit(.minutes(5)))
    func aPooledStatementWhoseConnectionClosesIsAnswered() async throws {
        try await TestDatabase.with { test in
            let slow = Task { try await test.database.rows("SELECT pg_sleep(30)") }
            let running = """
                FROM pg_stat_activity WHERE datname = current_database() AND query = 'SELECT pg_sleep(30)'
                """
            var seen = 0
            for _ in 0..<3000 where seen == 0 {
                try await Task.sleep(for: .milliseconds(20))
                seen = try await test.ownerScalar("SELECT count(*)::int \(unescaped: running)", as: Int.self) ?? 0
            }
            #expect(seen == 1)
            let terminated = try await test.ownerScalar(
                "SELECT count(pg_terminate_backend(pid))::int \(unescaped: running)", as: Int.self)
            #expect(terminated == 1)
            // Unanswered, the statement would end after its 30 s without an error.
            await #expect(throws: (any Error).self) { try await slow.value }
            // A statement can still be handed the closed connection until the pool has seen it close.
            var answer: [Int] = []
            for _ in 0..<1000 where answer.isEmpty {
                answer = (try? await test.database.rows("SELECT 3").decode(Int.self)) ?? []
                if answer.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(answer == [3])
        }
    }
}
