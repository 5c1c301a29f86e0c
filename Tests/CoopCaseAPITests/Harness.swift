import Configuration
import CoopCaseAPI
import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization

/// A response, with its body parsed when it is JSON.
struct Reply: Sendable {
    var status: Int
    var headers: HTTPFields
    var body: Data

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    var code: String? { json["code"] as? String }
    var text: String { String(decoding: body, as: UTF8.self) }
    subscript(key: String) -> Any? { json[key] }
}

/// Who sends a request in the tests.
enum Caller: String, CaseIterable, Sendable {
    case anonymous, applicant, otherApplicant, officer, approver, auditor, lender, admin
}

/// The application under test over a fresh database, with a logged-in token for every kind of caller.
struct API: Sendable {
    static let password = "mật khẩu đủ dài 2026"
    let client: any TestClientProtocol
    let world: World
    let other: Cooperative
    let otherApplicant: Actor
    let tokens: [Caller: String]

    func send(
        _ method: HTTPRequest.Method, _ path: String, as caller: Caller = .officer, json: String? = nil,
        headers: [String: String] = [:]
    ) async throws -> Reply {
        var fields = HTTPFields()
        if let token = tokens[caller] { fields[.authorization] = "Bearer \(token)" }
        if json != nil { fields[.contentType] = "application/json" }
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let response = try await client.execute(
            uri: path, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: response.body))
    }

    /// Performs an action with the current ETag, failing the test's expectations on refusal is left to callers.
    func act(_ action: String, _ reference: String, as caller: Caller, json: String? = nil) async throws -> Reply {
        let current = try await send(.get, "/v1/applications/\(reference)", as: caller)
        let etag = current.headers[.eTag] ?? "\"0\""
        return try await send(
            .post, "/v1/applications/\(reference)/actions/\(action)", as: caller, json: json,
            headers: ["If-Match": etag])
    }

    /// Counts rows that a refused request must not change.
    func footprint() async throws -> [Int] {
        try await world.test.ownerScalar(
            """
            SELECT ARRAY[(SELECT count(*) FROM applications), (SELECT count(*) FROM application_events),
                (SELECT count(*) FROM users), (SELECT count(*) FROM cooperatives), (SELECT count(*) FROM programmes),
                (SELECT count(*) FROM sessions WHERE revoked_at IS NULL), (SELECT coalesce(sum(version), 0) FROM applications)::bigint,
                (SELECT count(*) FROM idempotency_keys)]::int[]
            """, as: [Int].self) ?? []
    }

    static func settings(_ test: TestDatabase, extra: [AbsoluteConfigKey: ConfigValue] = [:]) -> ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [
            "database.url": .init(.string(test.applicationURL), isSecret: true),
            "auth.bcryptCost": 4,
            "rateLimit.login.burst": 10_000, "rateLimit.login.perMinute": 10_000,
            "rateLimit.status.burst": 10_000, "rateLimit.status.perMinute": 10_000,
            "log.level": "warning",
        ]
        values.merge(extra) { $1 }
        return ConfigReader(provider: InMemoryProvider(values: values))
    }

    /// Runs `body` against the real application (router-level) over a fresh database.
    static func with(
        kind: ProgrammeKind = .equipmentGrant, config: [AbsoluteConfigKey: ConfigValue] = [:], logs: LogLines? = nil,
        _ body: @escaping @Sendable (API) async throws -> Void
    ) async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, kind: kind, budget: kind == .training ? 100 : 1_000_000_000)
            let other = Fixtures.cooperative(serial: 5151)
            try await test.service.cooperatives.create(other, by: nil)
            let otherApplicant = try await Fixtures(test.database).applicant(for: other)
            let hash = try await Passwords.hash(password, cost: 4)
            let cast = world.cast
            let people: [Caller: Actor] = [
                .applicant: cast.applicant, .otherApplicant: otherApplicant, .officer: cast.officer,
                .approver: cast.approver, .auditor: cast.auditor, .lender: cast.lender, .admin: cast.admin,
            ]
            for actor in people.values + [cast.officer2, cast.approver2] {
                try await test.database.users.setPassword(username: actor.username, hash: hash)
            }
            let handler: (@Sendable (String) -> any LogHandler)? = logs.map { logs in
                { @Sendable label in JSONLogHandler(label: label, write: logs.append) }
            }
            let app = try await buildApplication(reader: settings(test, extra: config), logHandler: handler)
            try await app.test(.router) { client in
                var tokens: [Caller: String] = [:]
                for (caller, actor) in people {
                    let login = try await client.execute(
                        uri: "/v1/sessions", method: .post, headers: [.contentType: "application/json"],
                        body: ByteBuffer(string: #"{"username":"\#(actor.username)","password":"\#(password)"}"#))
                    let json = try JSONSerialization.jsonObject(with: Data(buffer: login.body)) as? [String: Any]
                    tokens[caller] = json?["token"] as? String
                }
                try await body(
                    API(client: client, world: world, other: other, otherApplicant: otherApplicant, tokens: tokens))
            }
        }
    }
}

/// Every line the application logged, as JSON objects.
final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    @Sendable func append(_ line: String) { lines.withLock { $0.append(line) } }

    var all: [String] { lines.withLock { $0 } }

    var objects: [[String: String]] {
        all.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: String] }
    }
}

extension Data {
    init(buffer: ByteBuffer) {
        var copy = buffer
        self = copy.readData(length: copy.readableBytes) ?? Data()
    }
}
