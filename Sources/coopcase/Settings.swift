import ArgumentParser
import Configuration
import CoopCaseAPI
import CoopCaseService
import Foundation
import Logging
import SystemPackage

/// Options every command accepts; they override the environment, which overrides the config file.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: help(
            vi: "Tệp cấu hình (JSON). Mặc định: config/coopcase.json nếu có.",
            en: "Configuration file (JSON). Default: config/coopcase.json if present."))
    var config: String?

    @Option(
        name: .long,
        help: help(
            vi: "Địa chỉ PostgreSQL: postgres://user[:password]@host[:port]/database",
            en: "PostgreSQL URL: postgres://user[:password]@host[:port]/database"))
    var databaseURL: String?

    @Option(
        name: .long,
        help: help(
            vi: "Mức ghi nhật ký: trace, debug, info, notice, warning, error, critical.",
            en: "Log level: trace, debug, info, notice, warning, error, critical."))
    var logLevel: String?

    @Option(
        name: [.customLong("as")],
        help: help(
            vi: "Thực hiện với tư cách người dùng này (hoặc đặt COOPCASE_ACTOR).",
            en: "Act as this user (or set COOPCASE_ACTOR)."))
    var actor: String?

    @Flag(
        name: .long,
        help: help(
            vi: "In JSON cho máy đọc thay cho bảng; lỗi cũng in dạng JSON.",
            en: "Print machine-readable JSON instead of tables; errors too."))
    var json = false

    @Option(
        name: .long,
        help: help(
            vi: "Ngôn ngữ của thông báo và trợ giúp: vi (mặc định) hoặc en (hoặc đặt COOPCASE_LANG).",
            en: "Language of messages and help: vi (default) or en (or set COOPCASE_LANG)."))
    var lang: String?

    func validate() throws {
        if let lang, !["vi", "en"].contains(lang) {
            printError(say(vi: "--lang phải là vi hoặc en.", en: "--lang must be vi or en."))
            throw ExitCode.usage
        }
    }
}

/// Resolved settings: command-line flags > COOPCASE_* environment variables > config file > defaults.
struct Settings {
    let reader: ConfigReader
    let actor: String?
    let json: Bool

    static func load(_ options: GlobalOptions, extra: [String: String] = [:]) async throws -> Settings {
        var flags = extra
        flags["COOPCASE_DATABASE_URL"] = options.databaseURL
        flags["COOPCASE_LOG_LEVEL"] = options.logLevel
        flags["COOPCASE_ACTOR"] = options.actor
        flags["COOPCASE_LANG"] = options.lang
        let environment = ProcessInfo.processInfo.environment
        let path = options.config ?? environment["COOPCASE_CONFIG"] ?? "config/coopcase.json"
        let file = try await FileProvider<JSONSnapshot>(
            filePath: FilePath(path), allowMissing: options.config == nil)
        let reader = ConfigReader(providers: [
            EnvironmentVariablesProvider(environmentVariables: flags).prefixKeys(with: "coopcase"),
            EnvironmentVariablesProvider().prefixKeys(with: "coopcase"),
            file,
        ])
        return Settings(reader: reader, actor: reader.string(forKey: "actor"), json: options.json)
    }

    var logger: Logger {
        var logger = Logger(label: "coopcase")
        logger.logLevel = Logger.Level(rawValue: reader.string(forKey: "log.level", default: "info")) ?? .info
        return logger
    }

    func database() throws -> DatabaseSettings { try DatabaseSettings(reader: reader) }

    /// The owner's connection, for migrations; the application's when no separate one is configured.
    func migrationDatabase() throws -> DatabaseSettings {
        guard let url = reader.string(forKey: "migration.database.url", isSecret: true) else { return try database() }
        return try DatabaseSettings(url: url)
    }
}
