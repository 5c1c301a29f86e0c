import CoopCaseDomain
import Foundation
import PostgresNIO

/// Taking an action's connection or transaction, reading the row for it, and decoding rows.
extension ApplicationStore {

    /// Runs `body` on one pooled connection, outside a transaction (each statement its own).
    public func withConnection<Result: Sendable>(_ body: (ApplicationWork) async throws -> Result) async throws
        -> Result
    {
        try await database.client.withConnection { try await body(ApplicationWork(store: self, connection: $0)) }
    }

    /// Runs `body` in a transaction. With `key`, requests holding that idempotency key take turns, and one that
    /// finds the key already stored throws `KeyInFlight`: a retry is answered with what its first try did.
    public func transaction<Result: Sendable>(
        serialising key: IdempotencyRequest?, _ body: (ApplicationWork) async throws -> Result
    ) async throws -> Result {
        do {
            return try await database.client.transaction(logger: database.logger) { connection in
                if let key {
                    let lock = "\(key.userId.uuidString):\(key.key)"
                    try await connection.run(
                        "SELECT pg_advisory_xact_lock(hashtextextended(\(lock), 7))", logger: database.logger)
                    let stored = try await connection.run(
                        "SELECT 1 FROM idempotency_keys WHERE user_id = \(key.userId) AND key = \(key.key)",
                        logger: database.logger)
                    for try await _ in stored { throw KeyInFlight() }
                }
                return try await body(ApplicationWork(store: self, connection: connection))
            }
        } catch let error as PSQLError
            where key != nil && error.sqlState == "23505"
            && error.serverInfo?[.constraintName] == "idempotency_keys_pkey"
        {
            throw KeyInFlight()
        }
    }

    /// Reads the application, locked or not, with its programme and cooperative in the same round trip.
    func fetch(_ reference: String, locking: Bool, on connection: PostgresConnection) async throws -> (
        FetchedApplication, Programme, Cooperative
    ) {
        var statement = Statement()
        statement.sql = """
            SELECT \(Self.lockedColumns) FROM applications a
            JOIN \(ProgrammeStore.from) ON p.id = a.programme_id
            JOIN cooperatives c ON c.id = a.cooperative_id
            WHERE a.reference = \(try statement.bind(reference.uppercased()))\(locking ? " FOR UPDATE OF a" : "")
            """
        let shape: any StatementShape.Type = locking ? LockByReference.self : ReadForAction.self
        for try await row in try await execute(shape, statement, on: connection) {
            let cells = row.makeRandomAccess()
            var fetched = try Self.decode(row)
            let cooperativeAt = Self.columnCount + ProgrammeStore.columnCount
            fetched.ledgerSlot = try cells[cooperativeAt + CooperativeStore.columnCount].decode(Int.self)
            return (
                fetched, try ProgrammeStore.decode(Cells(cells, from: Self.columnCount)),
                try CooperativeStore.decode(Cells(cells, from: cooperativeAt))
            )
        }
        throw DomainError.notFound(entity: .application)
    }

    static func decode(_ row: PostgresRow) throws -> FetchedApplication {
        // Cell by cell with concrete types: a tuple decode looks up generic metadata on every row.
        let cells = row.makeRandomAccess()
        guard let parsedReference = PublicReference(parsing: try cells[1].decode(String.self)),
            let parsedState = ApplicationState(rawValue: try cells[4].decode(String.self)),
            let amount = Int64(try cells[6].decode(String?.self) ?? ""), let purpose = try cells[7].decode(String?.self)
        else { throw DomainError.validation(field: "application", reason: .unknownValue) }
        let items = try cells[8].decode(String?.self).flatMap { $0 == "[]" ? nil : $0 }
        let request = ApplicationRequest(
            amount: amount, purpose: purpose,
            items: try items.map { try JSONColumn.decode([RequestedItem].self, $0) } ?? [],
            documents: try JSONColumn.strings(try cells[9].decode(String?.self)))
        var application = Application(
            id: try cells[0].decode(UUID.self), reference: parsedReference, programmeId: try cells[2].decode(UUID.self),
            cooperativeId: try cells[3].decode(UUID.self), request: request, createdBy: try cells[11].decode(UUID.self),
            at: try cells[21].decode(Date.self))
        application.state = parsedState
        application.version = try cells[5].decode(Int.self)
        application.ruleVersion = try cells[10].decode(Int?.self)
        application.submittedBy = try cells[12].decode(UUID?.self)
        application.submittedAt = try cells[13].decode(Date?.self)
        application.assignee = try cells[14].decode(UUID?.self)
        application.recommendation = try JSONColumn.decode(Recommendation.self, try cells[15].decode(String?.self))
        application.decision = try JSONColumn.decode(Decision.self, try cells[16].decode(String?.self))
        application.evidence = try JSONColumn.decode(FulfilmentEvidence.self, try cells[17].decode(String?.self))
        application.reviewDueAt = try cells[18].decode(Date?.self)
        application.clockPausedAt = try cells[19].decode(Date?.self)
        application.infoRequest = try cells[20].decode(String?.self)
        application.updatedAt = try cells[22].decode(Date.self)
        application.intakeDueAt = try cells[25].decode(Date?.self)
        application.decidedAt = try cells[26].decode(Date?.self)
        application.receivedBy = try cells[27].decode([UUID].self)
        application.infoRequests = try cells[28].decode(Int.self)
        application.furtherRequestAllowed = try cells[29].decode(Bool.self)
        return FetchedApplication(
            application: application, chainSeq: try cells[23].decode(Int.self),
            chainHead: try cells[24].decode(Data.self))
    }
}
