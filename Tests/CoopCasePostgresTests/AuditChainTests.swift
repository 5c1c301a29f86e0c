import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite struct AuditChainTests {
    func world(with count: Int, _ test: TestDatabase) async throws -> (World, [Application]) {
        let world = try await World.make(test)
        var applications: [Application] = []
        for _ in 0..<count {
            applications.append(
                try await world.drive(try await world.draft(), through: [.submit, .startReview, .recommend, .approve]))
        }
        return (world, applications)
    }

    /// Alters rows as the owner with the append-only trigger switched off: what an attacker with the keys could do.
    func tamper(_ test: TestDatabase, _ statement: PostgresQuery) async throws {
        try await test.owner.transaction(logger: test.database.logger) { connection in
            try await connection.query(
                "ALTER TABLE application_events DISABLE TRIGGER application_events_append_only",
                logger: test.database.logger)
            try await connection.query(statement, logger: test.database.logger)
            try await connection.query(
                "ALTER TABLE application_events ENABLE TRIGGER application_events_append_only",
                logger: test.database.logger)
        }
    }

    @Test func recomputingEveryHashMatches() async throws {
        try await TestDatabase.with { test in
            let (world, _) = try await world(with: 5, test)
            let report = try await world.service.audit.verifyChains(by: world.cast.auditor)
            #expect(report.applications == 5 && report.events == 25 && report.breaks.isEmpty)
            let events = try await world.applications.events(
                reference: try await world.draft().reference.value, by: world.cast.auditor)
            #expect(events[0].previousHash == AuditChain.genesis)
            #expect(events[0].hash == AuditChain.hash(previous: AuditChain.genesis, body: events[0].body))
            let body = String(decoding: events[0].body, as: UTF8.self)
            #expect(body.hasPrefix("{\"action\":\"create\""), "keys are sorted")
        }
    }

    @Test func anAlteredBodyIsFoundAtItsExactPosition() async throws {
        try await TestDatabase.with { test in
            let (world, applications) = try await world(with: 3, test)
            let victim = applications[1]
            try await tamper(
                test,
                """
                UPDATE application_events SET body = convert_to(replace(convert_from(body, 'UTF8'), '100000000', '900000000'), 'UTF8')
                WHERE application_id = \(victim.id) AND seq = 4
                """)
            let report = try await world.service.audit.verifyChains(by: world.cast.auditor)
            #expect(report.breaks == [ChainBreak(application: victim.id, seq: 4, problem: .hashMismatch)])
        }
    }

    @Test func aDeletedMiddleEventAndADeletedLastEventAreBothFound() async throws {
        try await TestDatabase.with { test in
            let (world, applications) = try await world(with: 3, test)
            try await tamper(
                test, "DELETE FROM application_events WHERE application_id = \(applications[0].id) AND seq = 2")
            try await tamper(
                test, "DELETE FROM application_events WHERE application_id = \(applications[2].id) AND seq = 5")
            let report = try await world.service.audit.verifyChains(by: world.cast.auditor)
            #expect(report.breaks.count == 2)
            #expect(report.breaks.contains(ChainBreak(application: applications[0].id, seq: 3, problem: .sequenceGap)))
            #expect(report.breaks.contains(ChainBreak(application: applications[2].id, seq: 5, problem: .headMismatch)))
        }
    }

    @Test func onlyAuditorsAndAdminsMayVerify() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            #expect(
                await refusal { _ = try await world.service.audit.verifyChains(by: world.cast.officer) }
                    == .notPermitted(permission: .verifyAudit, role: .officer))
        }
    }
}
