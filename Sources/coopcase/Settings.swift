import ArgumentParser
import Configuration
import CoopCaseAPI
import CoopCasePostgres
import Foundation
import Logging
import SystemPackage

/// Options every command accepts; they override the environment, which overrides the config file.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (JSON). Default: config/coopcase.json if present.")
    var config: String?

    @Option(name: .long, help: "PostgreSQL URL: postgres://user[:password]@host[:port]/database")
    var databaseURL: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String?

    @Option(name: [.customLong("as")], help: "Act as this user (or set COOPCASE_ACTOR).")
    var actor: String?

    @Flag(name: .long, help: "Print machine-readable JSON instead of tables.")
    var json = false

    @Option(name: .long, help: "Language of messages: vi (default) or en.")
    var lang: String?
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

    var language: String { reader.string(forKey: "lang", default: "vi") }

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
