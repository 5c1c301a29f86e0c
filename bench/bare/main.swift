// The baseline for read benchmarks: the least a Hummingbird + postgres-nio server can do to answer a read —
// one prepared point select by reference, the row as JSON. No auth, no middleware, no domain.
import Foundation
import Hummingbird
import Logging
import PostgresNIO

struct ApplicationByReference: PostgresPreparedStatement {
    static let sql =
        "SELECT id, reference, state, version, requested_amount, updated_at FROM applications WHERE reference = $1"
    typealias Row = (UUID, String, String, Int, Int64, Date)
    var reference: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(reference)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

struct Found: ResponseEncodable {
    var id: UUID
    var reference: String
    var state: String
    var version: Int
    var requestedAmount: Int64
    var updatedAt: Date
}

let environment = ProcessInfo.processInfo.environment
let logger = Logger(label: "bare")
let url = URL(string: environment["BARE_DATABASE_URL"] ?? "postgres://coopcase_app@127.0.0.1:54320/coopcase")!
var configuration = PostgresClient.Configuration(
    host: url.host ?? "127.0.0.1", port: url.port ?? 5432, username: url.user ?? "postgres", password: url.password,
    database: String(url.path.dropFirst()), tls: .disable)
configuration.options.maximumConnections = Int(environment["BARE_CONNECTIONS"] ?? "") ?? 20
// No keep-alive pings, as in `coopcase serve`, so the baseline pays no timer the product avoids.
configuration.options.keepAliveBehavior = nil
// The product's idle limit (`database.idleSeconds`), so both pay for the same idle timers.
configuration.options.connectionIdleTimeout = .seconds(10)
let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
let router = Router()
router.get("/applications/:reference") { _, context -> Found in
    let reference = try context.parameters.require("reference")
    for try await (id, reference, state, version, amount, updated) in try await client.execute(
        ApplicationByReference(reference: reference), logger: logger)
    {
        return Found(
            id: id, reference: reference, state: state, version: version, requestedAmount: amount, updatedAt: updated)
    }
    throw HTTPError(.notFound)
}
let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: Int(environment["BARE_PORT"] ?? "") ?? 18090)),
    services: [client], logger: logger)
try await app.runService()
