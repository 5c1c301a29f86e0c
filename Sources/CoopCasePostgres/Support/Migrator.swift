import CoopCaseDomain
import Crypto
import Foundation
import PostgresNIO

/// One numbered file in `sql/`.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// SHA-256 of the file's bytes, hex.
    public var checksum: String {
        AuditCheckpoint.hex(SHA256.hash(data: Data(sql.utf8)))
    }
}

public enum MigrationError: Error, CustomStringConvertible, Equatable {
    case directoryNotFound
    case badFileName(String)
    case notContiguous(expected: Int, found: Int)
    case changedAfterApply(version: Int, name: String)
    case unknownApplied(version: Int)
    case pending([Int])

    public var description: String { text(.en) }

    public func text(_ language: Language) -> String {
        let en = language == .en
        switch self {
        case .directoryNotFound:
            return en
                ? "the sql/ migrations folder was not found; run from the project folder or set COOPCASE_SQL_DIR"
                : "không tìm thấy thư mục sql/ chứa các bản chuyển đổi; hãy chạy từ thư mục dự án hoặc đặt COOPCASE_SQL_DIR"
        case .badFileName(let name):
            return en
                ? "migration file '\(name)' must be named NNNN_description.sql"
                : "tệp chuyển đổi '\(name)' phải có tên dạng NNNN_mo_ta.sql"
        case .notContiguous(let expected, let found):
            return en
                ? "migrations must be numbered without gaps: expected \(expected), found \(found)"
                : "các bản chuyển đổi phải đánh số liên tục: cần số \(expected), gặp số \(found)"
        case .changedAfterApply(let version, let name):
            return en
                ? "migration \(version) (\(name)) was changed after it was applied; add a new migration instead"
                : "bản chuyển đổi \(version) (\(name)) đã bị sửa sau khi áp dụng; hãy thêm một bản mới thay vì sửa"
        case .unknownApplied(let version):
            return en
                ? "the database has migration \(version), which this build does not know; use a newer build"
                : "cơ sở dữ liệu có bản chuyển đổi \(version) mà bản dựng này không biết; hãy dùng bản dựng mới hơn"
        case .pending(let versions):
            let list = versions.map(String.init).joined(separator: ", ")
            return en
                ? "the database is not migrated (pending: \(list)); run `coopcase migrate`"
                : "cơ sở dữ liệu chưa được chuyển đổi (còn thiếu: \(list)); hãy chạy `coopcase migrate`"
        }
    }
}

/// Applies `sql/NNNN_*.sql` in order, once each, inside one transaction behind an advisory lock.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration]) { self.migrations = migrations }

    /// Reads every `NNNN_name.sql` in `directory`.
    public init(directory: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        var migrations: [Migration] = []
        for (offset, name) in names.enumerated() {
            guard let number = Int(name.prefix(while: { $0.isNumber })), name.count > 5 else {
                throw MigrationError.badFileName(name)
            }
            guard number == offset + 1 else { throw MigrationError.notContiguous(expected: offset + 1, found: number) }
            let sql = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            migrations.append(Migration(version: number, name: name, sql: sql))
        }
        self.migrations = migrations
    }

    /// Finds `sql/`: `COOPCASE_SQL_DIR`, else the nearest folder above the working directory or the executable.
    public static func locateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> URL
    {
        if let explicit = environment["COOPCASE_SQL_DIR"] { return URL(fileURLWithPath: explicit) }
        let starts = [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
                .deletingLastPathComponent(),
        ]
        for start in starts {
            var folder = start
            while folder.path != "/" {
                let candidate = folder.appendingPathComponent("sql")
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("0001_init.sql").path) {
                    return candidate
                }
                folder.deleteLastPathComponent()
            }
        }
        throw MigrationError.directoryNotFound
    }

    static let lockKey: Int64 = 0x636f_6f70_6361_7365  // "coopcase"

    /// Applies what is pending; returns the versions applied.
    @discardableResult
    public func migrate(client: PostgresClient, logger: Logger) async throws -> [Migration] {
        try await client.transaction(logger: logger) { connection in
            try await connection.run("SELECT pg_advisory_xact_lock(\(Self.lockKey))", logger: logger)
            try await connection.run(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
            // The server, running as the application role, checks the schema version before it starts.
            try await connection.run(
                """
                DO $$ BEGIN
                    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'coopcase_app') THEN
                        GRANT SELECT ON schema_migrations TO coopcase_app;
                    END IF;
                END $$
                """, logger: logger)
            let applied = try await appliedRows(connection, logger: logger)
            let pending = try pendingMigrations(applied: applied)
            for migration in pending {
                // Debug only: `coopcase migrate` says what it applied, in the run's language.
                logger.debug("applying migration \(migration.name)")
                for statement in SQLScript.statements(in: migration.sql) {
                    try await connection.run(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.run(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
                    logger: logger)
            }
            return pending
        }
    }

    /// Each known migration with when it was applied, if it was.
    public func status(client: PostgresClient, logger: Logger) async throws -> [(Migration, Date?)] {
        let applied = try await client.withConnection { try await appliedRows($0, logger: logger) }
        _ = try pendingMigrations(applied: applied)
        return migrations.map { migration in (migration, applied.first { $0.version == migration.version }?.at) }
    }

    /// Throws unless the database has exactly the known migrations: the server refuses to start otherwise.
    public func requireUpToDate(client: PostgresClient, logger: Logger) async throws {
        let pending = try await status(client: client, logger: logger).filter { $0.1 == nil }.map(\.0.version)
        if !pending.isEmpty { throw MigrationError.pending(pending) }
    }

    private struct AppliedRow {
        var version: Int
        var checksum: String
        var at: Date
    }

    private func appliedRows(_ connection: PostgresConnection, logger: Logger) async throws -> [AppliedRow] {
        let exists = try await connection.run("SELECT to_regclass('schema_migrations') IS NOT NULL", logger: logger)
        for try await present in exists.decode(Bool.self) where !present { return [] }
        let rows = try await connection.run(
            "SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version", logger: logger)
        var result: [AppliedRow] = []
        for try await (version, checksum, at) in rows.decode((Int, String, Date).self) {
            result.append(AppliedRow(version: version, checksum: checksum, at: at))
        }
        return result
    }

    /// The applied list must be a prefix of the known list, byte for byte.
    private func pendingMigrations(applied: [AppliedRow]) throws -> [Migration] {
        for (index, row) in applied.enumerated() {
            guard index < migrations.count, migrations[index].version == row.version else {
                throw MigrationError.unknownApplied(version: row.version)
            }
            guard migrations[index].checksum == row.checksum else {
                throw MigrationError.changedAfterApply(version: row.version, name: migrations[index].name)
            }
        }
        return Array(migrations.dropFirst(applied.count))
    }
}
