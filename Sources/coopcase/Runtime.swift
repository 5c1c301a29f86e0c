import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation
import Logging

/// Connects, runs `body`, disconnects; domain refusals become a message on stderr and a non-zero exit.
func withDatabase<Result: Sendable>(
    _ settings: Settings, migrationRole: Bool = false, _ body: (CoopCase) async throws -> Result
) async throws -> Result {
    let language = CLILanguage.current
    let logger = settings.logger
    do {
        let databaseSettings = try migrationRole ? settings.migrationDatabase() : settings.database()
        return try await CoopCase.withRunning(databaseSettings, logger: logger, body)
    } catch let error as DomainError {
        if settings.json {
            let refusal = Refusal(code: error.code, title: error.title(language), detail: error.detail(language))
            printError((try? String(decoding: JSONCoding.canonical.encode(refusal), as: UTF8.self)) ?? error.code)
        } else {
            printError(refusal(error, language))
        }
        throw ExitCode.refused
    } catch let error where StorageFailure(error) != nil {
        logger.debug("database error", metadata: ["error": "\(String(reflecting: error))"])
        let detail: String =
            switch StorageFailure(error) {
            case .refused(let message): message
            case .unstorableText: say(vi: "có đoạn chữ không lưu được", en: "text that cannot be stored")
            default: say(vi: "không kết nối được", en: "cannot connect")
            }
        printError(
            language == .en
                ? "Database error: \(detail). Is PostgreSQL running and the URL right? (\(settings.redactedURL))"
                : "Lỗi cơ sở dữ liệu: \(detail). PostgreSQL đã chạy và địa chỉ đúng chưa? (\(settings.redactedURL))")
        throw ExitCode.database
    } catch let error as SetupError {
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
func requireActor(_ settings: Settings, _ service: CoopCase) async throws -> Actor {
    guard let username = settings.actor else {
        printError(
            say(
                vi: "Hãy cho biết ai thực hiện: --as TÊN_ĐĂNG_NHẬP (hoặc đặt COOPCASE_ACTOR).",
                en: "Say who is acting: --as USERNAME (or set COOPCASE_ACTOR)."))
        throw ExitCode.usage
    }
    return try await service.users.actor(username: username)
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
