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
    let language = CLILanguage.current
    let logger = settings.logger
    do {
        let databaseSettings = try migrationRole ? settings.migrationDatabase() : settings.database()
        let client = databaseSettings.makeClient(logger: logger.forOneShotPool)
        return try await withRunningClient(client) {
            try await body(Database(client: client, logger: logger))
        }
    } catch let error as DomainError {
        if settings.json {
            let refusal = Refusal(code: error.code, title: error.title(language), detail: error.detail(language))
            printError((try? String(decoding: JSONCoding.canonical.encode(refusal), as: UTF8.self)) ?? error.code)
        } else {
            printError(refusal(error, language))
        }
        throw ExitCode.refused
    } catch let error as PSQLError {
        logger.debug("database error", metadata: ["error": "\(String(reflecting: error))"])
        let detail = error.serverInfo?[.message] ?? "\(error.code)"
        printError(
            language == .en
                ? "Database error: \(detail). Is PostgreSQL running and the URL right? (\(settings.redactedURL))"
                : "Lỗi cơ sở dữ liệu: \(detail). PostgreSQL đã chạy và địa chỉ đúng chưa? (\(settings.redactedURL))")
        throw ExitCode.database
    } catch let error as MigrationError {
        printError(error.text(language))
        throw ExitCode.migrations
    } catch let error as DatabaseSettings.InvalidURL {
        printError(error.text(language))
        throw ExitCode.usage
    }
}

/// A refusal as `--json` prints it on stderr: the stable code for scripts, the text for people.
struct Refusal: Encodable {
    var code: String
    var title: String
    var detail: String
}

/// The acting user named by `--as` or COOPCASE_ACTOR.
func requireActor(_ settings: Settings, _ database: Database) async throws -> Actor {
    guard let username = settings.actor else {
        printError(
            say(
                vi: "Hãy cho biết ai thực hiện: --as TÊN_ĐĂNG_NHẬP (hoặc đặt COOPCASE_ACTOR).",
                en: "Say who is acting: --as USERNAME (or set COOPCASE_ACTOR)."))
        throw ExitCode.usage
    }
    return try await database.users.actor(username: username)
}

/// A domain refusal as every command says it: title and what was wrong (the stable code is in `--json` output
/// and the REST problem, not in a sentence a person reads).
func refusal(_ error: DomainError, _ language: Language) -> String {
    "\(error.title(language)): \(error.detail(language))"
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
    print(String(decoding: try outputEncoder.encode(value), as: UTF8.self))
}

/// `--json` output: indented and sorted for people and scripts alike, times to the second.
private let outputEncoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
}()
