import CoopCaseDomain
internal import CoopCasePostgres
import Foundation
package import Logging
package import PostgresNIO

/// Where and how to reach PostgreSQL, parsed from a `postgres://user:password@host:port/db` URL.
public struct DatabaseSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var maximumConnections: Int
    /// How often an idle connection is pinged (`SELECT 1`); nil (the default): never. When set, every connection
    /// handed back to the pool arms a timer for it.
    public var keepAlive: Duration?
    /// How long a pooled connection may sit unused before the pool closes it. Every connection handed back arms a
    /// timer for this, and a cancelled timer keeps its memory (under a kilobyte) until it would have fired, so the
    /// memory held grows with the query rate times this.
    public var idleTimeout: Duration
    public var statementTimeout: String
    public var lockTimeout: String
    public var idleInTransactionTimeout: String

    public init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
        maximumConnections: Int = 20, idleTimeout: Duration = .seconds(10), statementTimeout: String = "15s",
        lockTimeout: String = "5s", idleInTransactionTimeout: String = "30s"
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.maximumConnections = maximumConnections
        self.idleTimeout = idleTimeout
        self.statementTimeout = statementTimeout
        self.lockTimeout = lockTimeout
        self.idleInTransactionTimeout = idleInTransactionTimeout
    }

    public struct InvalidURL: Error, CustomStringConvertible {
        public let url: String
        public let problem: LocalizedText
        public var description: String { text(.en) }

        public func text(_ language: Language) -> String {
            language == .en
                ? "invalid database URL (\(problem.en)); expected postgres://user[:password]@host[:port]/database"
                : "địa chỉ cơ sở dữ liệu không hợp lệ (\(problem.vi)); cần dạng postgres://user[:password]@host[:port]/database"
        }
    }

    public init(url: String) throws {
        guard let components = URLComponents(string: url) else {
            throw InvalidURL(url: url, problem: LocalizedText(vi: "không phải địa chỉ URL", en: "not a URL"))
        }
        guard ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            throw InvalidURL(
                url: url, problem: LocalizedText(vi: "phải bắt đầu bằng postgres://", en: "scheme must be postgres://"))
        }
        guard let host = components.host, !host.isEmpty else {
            throw InvalidURL(url: url, problem: LocalizedText(vi: "thiếu máy chủ", en: "no host"))
        }
        guard let user = components.user, !user.isEmpty else {
            throw InvalidURL(url: url, problem: LocalizedText(vi: "thiếu tên người dùng", en: "no user"))
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw InvalidURL(url: url, problem: LocalizedText(vi: "thiếu tên cơ sở dữ liệu", en: "no database name"))
        }
        self.init(
            // `user` and `password` come percent-decoded already; decoding again would turn "%41" into "A".
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database)
    }

    /// The same server and credentials, another database.
    public func with(database: String) -> DatabaseSettings {
        var copy = self
        copy.database = database
        return copy
    }

    /// A URL with the password masked, for logs and messages.
    public var redacted: String {
        "postgres://\(username)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    package func clientConfiguration() -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
        configuration.options.maximumConnections = maximumConnections
        // No minimum: postgres-nio 1.33.2 traps (a precondition in its pool) when a request comes while fewer
        // than the minimum are open, which is what a database restart leaves behind.
        configuration.options.minimumConnections = 0
        configuration.options.connectionIdleTimeout = idleTimeout
        configuration.options.keepAliveBehavior = keepAlive.map { .init(frequency: $0) }
        configuration.options.connectTimeout = .seconds(5)
        // postgres-nio has no per-query timeout: bound every statement server-side.
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", statementTimeout),
            ("lock_timeout", lockTimeout),
            ("idle_in_transaction_session_timeout", idleInTransactionTimeout),
            ("application_name", "coopcase"),
        ]
        return configuration
    }

    package func makeClient(logger: Logger) -> PostgresClient {
        PostgresClient(configuration: clientConfiguration(), backgroundLogger: logger)
    }
}
