import CoopCaseDomain
import Foundation
import PostgresNIO

/// An import's transaction: cooperatives inserted one at a time, each behind a savepoint.
public struct RegistryWrite: Sendable {
    let store: CooperativeStore
    let connection: PostgresConnection

    /// Inserts `cooperative`; false, and nothing kept of it, when its code is already registered.
    public func insert(_ cooperative: Cooperative) async throws -> Bool {
        let logger = store.database.logger
        try await connection.run("SAVEPOINT row", logger: logger)
        do {
            try await store.insert(cooperative, on: connection)
            try await connection.run("RELEASE SAVEPOINT row", logger: logger)
            return true
        } catch DomainError.conflict {
            try await connection.run("ROLLBACK TO SAVEPOINT row", logger: logger)
            return false
        }
    }
}
