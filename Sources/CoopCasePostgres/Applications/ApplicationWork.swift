import CoopCaseDomain
import Foundation
import PostgresNIO

/// Another request holding the same idempotency key committed first; its stored response is the answer.
public struct KeyInFlight: Error {}

/// The statements an action is made of, on the one connection (or transaction) it runs on: the use-case layer
/// decides between them, this type only reads and writes.
public struct ApplicationWork: Sendable {
    let store: ApplicationStore
    let connection: PostgresConnection
    var database: Database { store.database }

    /// The application, locked or not, with its programme and cooperative, in one round trip.
    public func read(_ reference: String, locking: Bool) async throws -> (FetchedApplication, Programme, Cooperative) {
        try await store.fetch(reference, locking: locking, on: connection)
    }

    public func programme(code: String) async throws -> Programme? {
        try await database.programmes.find(code: code, on: connection)
    }

    public func cooperative(id: UUID) async throws -> Cooperative {
        try await database.cooperatives.get(id: id, on: connection)
    }

    /// The rules of `version` as the programme issued them; nil when there is no such version.
    public func rules(of programme: Programme, version: Int) async throws -> EligibilityRuleSet? {
        let rows = try await connection.run(
            """
            SELECT rules::text FROM programme_rule_versions
            WHERE programme_id = \(programme.id) AND version = \(version)
            """, logger: database.logger)
        for try await text in rows.decode(String.self) {
            return EligibilityRuleSet(version: version, rules: try JSONColumn.decode([EligibilityRule].self, text))
        }
        return nil
    }

    /// The next number of the reference series.
    public func nextSerial() async throws -> Int {
        var serial = 0
        for try await value in try await connection.run(
            "SELECT nextval('application_serial')", logger: database.logger
        ).decode(Int.self) { serial = value }
        return serial
    }

    /// Inserts a created application with its first event.
    public func insert(_ created: ChainedOutcome, programme: Programme, accessCode: AccessCode, at now: Date)
        async throws
    {
        let application = created.outcome.application
        try await store.write(
            { statement, _ in
                let values = try [
                    statement.bind(application.id), statement.bind(application.reference.value),
                    statement.bind(programme.id), statement.bind(application.cooperativeId),
                    statement.bind(application.state.rawValue), statement.bind(application.version),
                    statement.bind(JSONColumn.encode(application.request)) + "::jsonb",
                    statement.bind(application.request.amount), statement.bind(application.createdBy),
                    statement.bind(accessCode.stored()), "1", statement.bind(created.hash), statement.bind(now),
                    statement.bind(now),
                ].joined(separator: ", ")
                statement.sql += """
                    INSERT INTO applications (id, reference, programme_id, cooperative_id, state, version, request,
                        requested_amount, created_by, access_code_hash, chain_seq, chain_head, created_at, updated_at)
                    VALUES (\(values))
                    """
            }, appending: created.event, body: created.body, previous: created.previous, hash: created.hash,
            inserting: true, on: connection)
    }

    /// Writes a decided action over the application as it was read. `unlocked`: it was read without a lock, so the
    /// statement also checks it is still that version and every ledger had room, and lands nothing otherwise; that
    /// lost race answers false.
    /// `accessCode`, when given, replaces the application's (stored as its salted hash, never in the event).
    public func write(
        _ decided: ChainedOutcome, over read: FetchedApplication, programme: Programme, unlocked: Bool,
        accessCode: AccessCode? = nil
    ) async throws -> Bool {
        let application = decided.outcome.application
        do {
            try await store.write(
                {
                    try ApplicationStore.update(
                        application, chainSeq: decided.event.seq, chainHead: decided.hash, takingSlot: $1,
                        accessCode: accessCode?.stored(), into: &$0)
                },
                appending: decided.event, body: decided.body, previous: read.chainHead, hash: decided.hash,
                moving: decided.outcome.ledger, programme: programme, cooperativeId: application.cooperativeId,
                slot: read.ledgerSlot, readVersion: unlocked ? read.application.version : nil, on: connection)
        } catch let error as PSQLError where unlocked && ApplicationStore.lostRace(error) {
            return false
        }
        return true
    }

    /// Stores the response to an idempotent request in this transaction, so the key exists exactly when the effect
    /// does.
    public func record(_ request: IdempotencyRequest, _ response: StoredResponse) async throws {
        try await database.idempotency.record(request, response, on: connection)
    }
}
