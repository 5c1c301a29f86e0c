import Configuration
import CoopCaseDomain
import CoopCaseService
import Foundation
import Logging

/// Rate limits, per client address.
struct RateLimitSettings: Sendable {
    var general: RateLimiter.Limit
    var login: RateLimiter.Limit
    var status: RateLimiter.Limit
}

/// Everything the server reads from configuration (flags > COOPCASE_* environment > config file > defaults).
public struct AppSettings: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseSettings
    public var logLevel: Logger.Level
    var sessionLifetime: Duration
    /// A workspace session ends after this long without a page.
    var workspaceIdle: Duration
    var bcryptCost: UInt8
    var idleTimeout: Duration
    var requestTimeout: Duration
    /// Requests at work at once (AdmissionGate); the others wait their turn.
    var concurrentRequests: Int
    var rateLimits: RateLimitSettings
    var office: Office

    public init(reader: ConfigReader) throws {
        host = reader.string(forKey: "http.host", default: "127.0.0.1")
        port = reader.int(forKey: "http.port", default: 8080)
        database = try DatabaseSettings(reader: reader)
        logLevel = Logger.Level(rawValue: reader.string(forKey: "log.level", default: "info")) ?? .info
        guard ["text", "json"].contains(reader.string(forKey: "log.format", default: "text")) else {
            throw DomainError.validation(field: "log.format", reason: .unknownValue)
        }
        sessionLifetime = .seconds(reader.int(forKey: "auth.sessionMinutes", default: 480) * 60)
        workspaceIdle = .seconds(
            try reader.checkedInt("auth.workspaceIdleMinutes", default: 30, .positive) { $0 > 0 } * 60)
        bcryptCost = try Passwords.cost(reader)
        idleTimeout = .seconds(reader.int(forKey: "http.idleTimeoutSeconds", default: 30))
        let requestTimeoutSeconds = try reader.checkedInt("http.requestTimeoutSeconds", default: 10, .positive) {
            $0 > 0
        }
        requestTimeout = .seconds(requestTimeoutSeconds)
        concurrentRequests = try reader.checkedInt(
            "http.concurrentRequests", default: 2 * ProcessInfo.processInfo.activeProcessorCount, .positive
        ) { $0 > 0 }
        func limit(_ name: String, burst: Int, perMinute: Int) -> RateLimiter.Limit {
            RateLimiter.Limit(
                burst: Double(reader.int(forKey: ConfigKey("rateLimit.\(name).burst"), default: burst)),
                perSecond: Double(reader.int(forKey: ConfigKey("rateLimit.\(name).perMinute"), default: perMinute)) / 60
            )
        }
        office = try Office(reader: reader)
        rateLimits = RateLimitSettings(
            general: limit("general", burst: 200, perMinute: 6000), login: limit("login", burst: 10, perMinute: 10),
            status: limit("status", burst: 20, perMinute: 30))
    }
}

extension DatabaseSettings {
    /// The application's connection as the server and every command read it.
    public init(reader: ConfigReader) throws {
        self = try DatabaseSettings(
            url: reader.string(
                forKey: "database.url", isSecret: true, default: "postgres://coopcase_app@127.0.0.1:54320/coopcase"))
        maximumConnections = reader.int(forKey: "database.maxConnections", default: 20)
        // Off by default: a keep-alive timer is armed and cancelled around every query.
        let keepAliveSeconds = try reader.checkedInt("database.keepAliveSeconds", default: 0, .notNegative) { $0 >= 0 }
        keepAlive = keepAliveSeconds > 0 ? .seconds(keepAliveSeconds) : nil
        idleTimeout = .seconds(try reader.checkedInt("database.idleSeconds", default: 10, .positive) { $0 > 0 })
        statementTimeout = reader.string(forKey: "database.statementTimeout", default: "15s")
        lockTimeout = reader.string(forKey: "database.lockTimeout", default: "5s")
    }
}

extension ConfigReader {
    /// An integer setting, refused as a validation error naming it when `accept` says no.
    func checkedInt(_ key: String, default value: Int, _ reason: ValidationReason, _ accept: (Int) -> Bool) throws
        -> Int
    {
        let read = int(forKey: ConfigKey(key), default: value)
        guard accept(read) else { throw DomainError.validation(field: key, reason: reason) }
        return read
    }
}
