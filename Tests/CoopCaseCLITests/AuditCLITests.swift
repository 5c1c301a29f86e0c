import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import PostgresNIO
import Testing

@Suite struct AuditCLITests {
    @Test func keygenCheckpointAndVerifyNameTheBrokenLink() async throws {
        try await TestDatabase.with { test in
            let cli = CLI(test: test)
            #expect(try await cli.run(["demo", "seed"]).status == 0)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coopcase-audit-\(UUID())").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let key = folder + "/signing.key"
            let made = try await cli.run(["audit", "keygen", "--out", key])
            #expect(made.status == 0)
            let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(try await cli.run(["audit", "keygen", "--out", key]).status == 73, "never overwrites a key")

            let checkpoint = try await cli.run(["audit", "checkpoint", "--key", key, "--as", "thanhtra.son"])
            #expect(checkpoint.status == 0 && checkpoint.stdout.contains("52 hồ sơ"), "\(checkpoint.stderr)")
            let clean = try await cli.run([
                "audit", "verify", "--as", "thanhtra.son", "--public-key", key + ".pub", "--lang", "en",
            ])
            #expect(clean.status == 0 && clean.stdout.contains("1 checkpoints"), "\(clean.stderr)")

            // Alter one event's body behind the application's back.
            let victim = try #require(
                try await test.ownerScalar("SELECT id FROM applications ORDER BY reference LIMIT 1", as: UUID.self))
            try await test.owner.transaction(logger: test.database.logger) { connection in
                let logger = test.database.logger
                try await connection.query("ALTER TABLE application_events DISABLE TRIGGER USER", logger: logger)
                try await connection.query(
                    "UPDATE application_events SET body = convert_to(replace(convert_from(body, 'UTF8'), 'cli', 'api'), 'UTF8') WHERE application_id = \(victim) AND seq = 1",
                    logger: logger)
                try await connection.query("ALTER TABLE application_events ENABLE TRIGGER USER", logger: logger)
            }
            let broken = try await cli.run(["audit", "verify", "--as", "thanhtra.son", "--lang", "en"])
            #expect(broken.status == 1)
            #expect(broken.stderr.contains("application \(victim) event #1: the hash does not match the body"))
            let officer = try await cli.run(["audit", "verify", "--as", "canbo.hoa"])
            #expect(officer.status == 2)
        }
    }
}
