import ArgumentParser
import CoopCaseDomain
import CoopCasePostgres
import Foundation
import Logging
import PostgresNIO

/// Connects, runs `body`, disconnects; domain refusals become a message on stderr and a non-zero exit.
func withDatabase<Result: Sendable>(
    _ settings: Settings, migrationRole: Bool = false, _ body: (Database) async throws -> Result
) async throws -> Result {
    let language = Language(preferring: settings.language)
    let logger = settings.logger
    do {
        let databaseSettings = try migrationRole ? settings.migrationDatabase() : settings.database()
        let client = databaseSettings.makeClient(logger: logger.forOneShotPool)
        return try await withRunningClient(client) {
            try await body(Database(client: client, logger: logger))
        }
    } catch let error as DomainError {
        printError(refusal(error, language))
        throw ExitCode(2)
    } catch let error as PSQLError {
        logger.debug("database error", metadata: ["error": "\(String(reflecting: error))"])
        let detail = error.serverInfo?[.message] ?? "\(error.code)"
        printError(
            language == .en
                ? "Database error: \(detail). Is PostgreSQL running and the URL right? (\(settings.redactedURL))"
                : "Lỗi cơ sở dữ liệu: \(detail). PostgreSQL đã chạy và địa chỉ đúng chưa? (\(settings.redactedURL))")
        throw ExitCode(3)
    } catch let error as MigrationError {
        printError(error.description)
        throw ExitCode(4)
    } catch let error as DatabaseSettings.InvalidURL {
        printError(error.description)
        throw ExitCode(64)
    }
}

/// The acting user named by `--as` or COOPCASE_ACTOR.
func requireActor(_ settings: Settings, _ database: Database) async throws -> Actor {
    guard let username = settings.actor else {
        let language = Language(preferring: settings.language)
        printError(
            language == .en
                ? "Say who is acting: --as USERNAME (or set COOPCASE_ACTOR)."
                : "Hãy cho biết ai thực hiện: --as TÊN_ĐĂNG_NHẬP (hoặc đặt COOPCASE_ACTOR).")
        throw ExitCode(64)
    }
    return try await database.users.actor(username: username)
}

/// A domain refusal as every command says it: title, code, and what was wrong.
func refusal(_ error: DomainError, _ language: Language) -> String {
    "\(error.title(language)) [\(error.code)]: \(error.detail(language))"
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

extension Settings {
    var redactedURL: String { (try? database().redacted) ?? "?" }
}

/// Whether progress lines should be drawn (only on a terminal, never into a pipe).
var stderrIsTerminal: Bool { isatty(FileHandle.standardError.fileDescriptor) != 0 }

/// A one-line progress indicator on stderr, redrawn in place.
func showProgress(_ text: String, done: Bool = false) {
    guard stderrIsTerminal else { return }
    FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text + (done ? "\n" : "")).utf8))
}

/// Encodes `value` as pretty, sorted JSON on stdout.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
