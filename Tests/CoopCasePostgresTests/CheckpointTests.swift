import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Crypto
import Foundation
import PostgresNIO
import Testing

@Suite struct CheckpointTests {
    let key = Curve25519.Signing.PrivateKey()

    func world(_ test: TestDatabase, applications: Int = 3) async throws -> (World, [Application]) {
        let world = try await World.make(test)
        return (world, try await world.underReview(applications))
    }

    /// Runs statements as the owner with the append-only triggers off, as an intruder with the keys could.
    func tamper(_ test: TestDatabase, table: String, _ statements: [PostgresQuery]) async throws {
        try await test.owner.transaction(logger: test.database.logger) { connection in
            try await connection.query(
                "ALTER TABLE \(unescaped: table) DISABLE TRIGGER USER", logger: test.database.logger)
            for statement in statements { try await connection.query(statement, logger: test.database.logger) }
            try await connection.query(
                "ALTER TABLE \(unescaped: table) ENABLE TRIGGER USER", logger: test.database.logger)
        }
    }

    @Test func checkpointsVerifyAndStoreOnlyTheHeadsThatChanged() async throws {
        try await TestDatabase.with { test in
            let (world, applications) = try await world(test)
            let first = try await world.service.audit.checkpoint(signingKey: key)
            #expect(first.body.applications == 3 && first.body.events == 9)
            #expect(first.body.previous == String(repeating: "0", count: 64))
            try await world.act(.requestInfo, applications[0])
            let second = try await world.service.audit.checkpoint(signingKey: key)
            #expect(second.body.previous == AuditCheckpoint.hex(AuditCheckpoint.hash(of: first.bodyBytes)))
            let delta = try await test.ownerScalar(
                "SELECT count(*)::int FROM audit_checkpoint_heads WHERE checkpoint_id = \(second.id)", as: Int.self)
            #expect(delta == 1, "only the application that moved")
            let report = try await world.service.audit.verifyCheckpoints(
                trustedKey: key.publicKey.rawRepresentation, by: world.cast.auditor)
            #expect(report.checkpoints == 2 && report.problems.isEmpty)
            await #expect(throws: PSQLError.self) {
                try await test.database.client.query(
                    "DELETE FROM audit_checkpoints WHERE id = \(first.id)", logger: test.database.logger)
            }
        }
    }

    @Test func exportLinesMatchTheGenericEncoderForStoredRecords() async throws {
        try await TestDatabase.with { test in
            let (world, _) = try await world(test)
            _ = try await world.service.audit.checkpoint(signingKey: key)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            func expected(_ record: some Encodable) throws -> [UInt8] { Array(try encoder.encode(record)) + [0x0A] }
            var lines = 0
            _ = try await world.service.audit.readCaseHistories(
                filters: .init(), by: world.cast.auditor,
                application: { record in
                    let want = try expected(record)
                    #expect(record.jsonLine() == want)
                    lines += 1
                },
                event: { record in
                    let want = try expected(record)
                    #expect(record.jsonLine() == want)
                    lines += 1
                },
                attested: { record in
                    let want = try expected(record)
                    #expect(record.jsonLine() == want)
                    lines += 1
                })
            #expect(lines == 3 + 9 + 3)
        }
    }

    // The limit guards against a hang (the failure this test once found was a wait without end, or a trap); the
    // work is a second or two alone, so a loaded machine stays far inside it.
    @Test(.timeLimit(.minutes(5)))
    func aSlowExportReadsEveryRowAcrossFetchesAndSurvivesItsConnectionClosing() async throws {
        try await TestDatabase.with { test in
            let (world, made) = try await world(test, applications: 20)
            // Fetches of 8 rows: 20 applications and 60 events cross several fetch boundaries, including one that
            // ends a batch exactly (the applications' 16th row). Every row once, each history in order.
            var database = world.database
            database.cursorFetchSize = 8
            var applications = 0
            var events: [(application: UUID, seq: Int)] = []
            _ = try await CoopCase(database: database).audit.readCaseHistories(
                filters: .init(), by: world.cast.auditor, application: { _ in applications += 1 },
                event: { events.append(($0.application, $0.seq)) }, attested: { _ in })
            #expect(applications == 20 && events.count == 60)
            #expect(Set(events.map { "\($0.application)/\($0.seq)" }).count == 60)
            #expect(
                zip(events, events.dropFirst()).allSatisfy { previous, next in
                    next.application == previous.application ? next.seq == previous.seq + 1 : next.seq == 1
                })
            // `audit verify` reads the same way, across the same fetches.
            let report = try await CoopCase(database: database).audit.verifyChains(by: world.cast.auditor)
            #expect(report.applications == 20 && report.events == 60 && report.breaks.isEmpty)
            // The reader stalls and its connection is closed meanwhile (a killed server, a timeout): the export
            // fails with an error, the process goes on, and the pool serves the next request.
            var terminated = 0
            await #expect(throws: (any Error).self) {
                _ = try await CoopCase(database: database).audit.readCaseHistories(
                    filters: .init(), by: world.cast.auditor, application: { _ in },
                    event: { _ in
                        guard terminated == 0 else { return }
                        terminated =
                            try await test.ownerScalar(
                                """
                                SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity
                                WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL
                                """, as: Int.self) ?? 0
                        try await Task.sleep(for: .milliseconds(300))
                    }, attested: { _ in })
            }
            #expect(terminated == 1, "the export's own connection, and only it")
            let again = try await world.service.applications.get(
                reference: made[0].reference.description, by: world.cast.auditor)
            #expect(again.id == made[0].id)
        }
    }

    @Test func aHiddenDeletionOfTheLastEventIsCaughtByTheCheckpoint() async throws {
        try await TestDatabase.with { test in
            let (world, applications) = try await world(test)
            let victim = applications[1]
            _ = try await world.service.audit.checkpoint(signingKey: key)
            // Delete event #3 and wind the application row back to event #2, so the chain itself looks whole.
            let second = try #require(
                try await world.applications.events(reference: victim.reference.value, by: world.cast.auditor).first {
                    $0.seq == 2
                })
            try await tamper(
                test, table: "application_events",
                [
                    "DELETE FROM application_events WHERE application_id = \(victim.id) AND seq = 3"
                ])
            try await test.owner.query(
                "UPDATE applications SET chain_seq = 2, chain_head = \(second.hash), state = 'submitted', version = 2 WHERE id = \(victim.id)",
                logger: test.database.logger)
            let chains = try await world.service.audit.verifyChains(by: world.cast.auditor)
            #expect(chains.breaks.isEmpty, "the chain alone cannot see it")
            let report = try await world.service.audit.verifyCheckpoints(trustedKey: nil, by: world.cast.auditor)
            #expect(
                report.problems == [
                    CheckpointProblem(checkpoint: 1, kind: .headMissing, application: victim.id, seq: 3)
                ])
        }
    }

    @Test func forgedTamperedAndDeletedCheckpointsAreNamed() async throws {
        try await TestDatabase.with { test in
            let (world, applications) = try await world(test)
            _ = try await world.service.audit.checkpoint(signingKey: key)
            try await world.act(.requestInfo, applications[0])
            _ = try await world.service.audit.checkpoint(signingKey: key)
            try await world.act(.requestInfo, applications[1])
            // A checkpoint signed by someone else's key.
            _ = try await world.service.audit.checkpoint(signingKey: Curve25519.Signing.PrivateKey())
            let trusted = key.publicKey.rawRepresentation
            var report = try await world.service.audit.verifyCheckpoints(trustedKey: trusted, by: world.cast.auditor)
            #expect(report.problems == [CheckpointProblem(checkpoint: 3, kind: .untrustedKey)])

            // The first checkpoint's body edited (its counts inflated).
            try await tamper(
                test, table: "audit_checkpoints",
                [
                    """
                    UPDATE audit_checkpoints SET body = convert_to(replace(convert_from(body, 'UTF8'), '"applications":3', '"applications":4'), 'UTF8')
                    WHERE id = 1
                    """
                ])
            report = try await world.service.audit.verifyCheckpoints(trustedKey: trusted, by: world.cast.auditor)
            #expect(report.problems.contains(CheckpointProblem(checkpoint: 1, kind: .badSignature)))
            #expect(report.problems.contains(CheckpointProblem(checkpoint: 2, kind: .brokenCheckpointChain)))

            // The second checkpoint removed altogether.
            try await tamper(
                test, table: "audit_checkpoint_heads", ["DELETE FROM audit_checkpoint_heads WHERE checkpoint_id = 2"])
            try await tamper(test, table: "audit_checkpoints", ["DELETE FROM audit_checkpoints WHERE id = 2"])
            report = try await world.service.audit.verifyCheckpoints(trustedKey: trusted, by: world.cast.auditor)
            #expect(report.problems.contains(CheckpointProblem(checkpoint: 3, kind: .brokenCheckpointChain)))
            #expect(report.checkpoints == 2)
        }
    }
}
