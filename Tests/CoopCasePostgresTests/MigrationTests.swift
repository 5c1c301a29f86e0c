import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import Logging
import PostgresNIO
import Testing

@Suite struct MigrationTests {
    @Test func splitterKeepsQuotedTextDollarBodiesAndDropsComments() {
        let sql = """
            -- leading comment; with a semicolon
            CREATE TABLE a (x text DEFAULT 'it''s; fine');
            /* block; comment */ CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
            DO $body$ BEGIN RAISE NOTICE 'a;b'; END $body$;
            SELECT "odd;name" FROM a
            """
        let statements = SQLScript.statements(in: sql)
        #expect(statements.count == 4)
        #expect(statements[0] == "CREATE TABLE a (x text DEFAULT 'it''s; fine')")
        #expect(statements[1].hasSuffix("AS $$ SELECT 1; $$"))
        #expect(statements[2] == "DO $body$ BEGIN RAISE NOTICE 'a;b'; END $body$")
        #expect(statements[3] == "SELECT \"odd;name\" FROM a")
    }

    @Test func theProjectsMigrationsSplitIntoCompleteStatements() throws {
        let migrator = try Migrator(directory: try Migrator.locateDirectory(environment: [:]))
        #expect(migrator.migrations.first?.name == "0001_init.sql")
        for migration in migrator.migrations {
            for statement in SQLScript.statements(in: migration.sql) {
                #expect(!statement.hasSuffix(";"))
                #expect(
                    statement.components(separatedBy: "$$").count % 2 == 1, "unbalanced $$ in \(statement.prefix(40))")
            }
        }
    }

    /// Runs `body` with a client on a brand-new, empty database.
    func withEmptyDatabase(_ body: (PostgresClient) async throws -> Void) async throws {
        let logger = Logger(label: "test")
        let admin = TestDatabase.adminSettings.makeClient(logger: logger)
        let name = "coopcase_empty_\(UInt32.random(in: 0...UInt32.max))"
        try await withRunningClient(admin) {
            // template0 takes no connections, so nothing else can hold it while it is copied.
            try await admin.query("CREATE DATABASE \(unescaped: name) TEMPLATE template0", logger: logger)
            let client = TestDatabase.adminSettings.with(database: name).makeClient(logger: logger)
            do {
                try await withRunningClient(client) { try await body(client) }
            } catch {
                _ = try? await admin.query("DROP DATABASE \(unescaped: name) WITH (FORCE)", logger: logger)
                throw error
            }
            try await admin.query("DROP DATABASE \(unescaped: name) WITH (FORCE)", logger: logger)
        }
    }

    @Test func migratesOnceRefusesChangedFilesAndUnknownVersions() async throws {
        let logger = Logger(label: "test")
        let real = try Migrator(directory: try Migrator.locateDirectory(environment: [:]))
        try await withEmptyDatabase { client in
            await #expect(throws: MigrationError.pending(real.migrations.map(\.version))) {
                try await real.requireUpToDate(client: client, logger: logger)
            }
            #expect(try await real.migrate(client: client, logger: logger).count == real.migrations.count)
            #expect(try await real.migrate(client: client, logger: logger).isEmpty, "a second run applies nothing")
            try await real.requireUpToDate(client: client, logger: logger)

            var edited = real.migrations
            edited[0] = Migration(version: 1, name: edited[0].name, sql: edited[0].sql + "\n-- edited")
            await #expect(throws: MigrationError.changedAfterApply(version: 1, name: "0001_init.sql")) {
                try await Migrator(migrations: edited).migrate(client: client, logger: logger)
            }
            await #expect(throws: MigrationError.unknownApplied(version: 1)) {
                try await Migrator(migrations: []).migrate(client: client, logger: logger)
            }
        }
    }

    @Test func aFailingMigrationLeavesNothingBehind() async throws {
        let logger = Logger(label: "test")
        let broken = Migrator(migrations: [
            Migration(version: 1, name: "0001_ok.sql", sql: "CREATE TABLE first_table (id int);"),
            Migration(
                version: 2, name: "0002_bad.sql", sql: "CREATE TABLE second_table (id int); SELECT nonsense_fn();"),
        ])
        try await withEmptyDatabase { client in
            await #expect(throws: (any Error).self) { try await broken.migrate(client: client, logger: logger) }
            let rows = try await client.query("SELECT to_regclass('first_table') IS NULL", logger: logger)
            for try await absent in rows.decode(Bool.self) { #expect(absent) }
        }
    }
}
