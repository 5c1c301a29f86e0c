import CoopCaseDomain
import CoopCasePostgres
import Crypto
import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// Runs the database pool, and says so as it begins: the schema check before serving waits for it.
struct DatabasePool: Service {
    let client: PostgresClient
    let starting: AsyncStream<Void>.Continuation

    func run() async throws { await client.run(announcing: starting) }
}

/// Signs a checkpoint on a schedule while the server runs. Several servers may run it: checkpoints are taken
/// one at a time, and an extra one only repeats the heads.
struct CheckpointService: Service {
    let database: Database
    let key: Curve25519.Signing.PrivateKey
    let interval: Duration

    func run() async throws {
        // Stop at once on shutdown: an unfinished wait has nothing to lose; a checkpoint in flight is one transaction.
        await cancelWhenGracefulShutdown { await loop() }
    }

    private func loop() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return  // shutting down
            }
            do {
                let checkpoint = try await database.audit.checkpoint(signingKey: key)
                database.logger.info(
                    "audit checkpoint",
                    metadata: ["id": "\(checkpoint.id)", "applications": "\(checkpoint.body.applications)"])
            } catch {
                database.logger.error("audit checkpoint failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }
}

/// Keeps the server's memory of sessions current while it runs (see `SessionStore.keepCacheCurrent`).
struct SessionChangesService: Service {
    let sessions: SessionStore

    func run() async throws {
        await cancelWhenGracefulShutdown { await sessions.keepCacheCurrent() }
    }
}
