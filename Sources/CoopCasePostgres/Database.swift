import CoopCaseDomain
import Foundation
import PostgresNIO
import Synchronization

/// The running database as the use cases see it: a pool, a logger and a clock.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger
    let clock: @Sendable () -> Date
    /// Rows per cursor fetch in exports and `audit verify` (see `AuditStore.inBatches`); tests lower it to cross
    /// fetch boundaries with a few rows.
    public var cursorFetchSize = AuditStore.fetchSize
    /// Programme identities read so far, shared by every copy of this value.
    let identities = ProgrammeIdentities()
    /// Users behind recent tokens, shared likewise (see `SessionStore`).
    let sessionCache = SessionCache()

    public init(client: PostgresClient, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.logger = logger
        self.clock = clock
    }

    /// Now, to the millisecond: audit bodies and columns then hold the same instant.
    var now: Date {
        Date(timeIntervalSince1970: (clock().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    /// A statement through the pool, its rows read in full. postgres-nio's `client.query` can wait forever, as a
    /// held connection's statement can (see `PostgresConnection.requireOpen`), when the connection it leases has just
    /// closed; this is answered `ConnectionClosed` instead.
    @discardableResult
    func rows(_ query: PostgresQuery, file: String = #fileID, line: Int = #line) async throws -> [PostgresRow] {
        try await client.withConnection { try await $0.run(query, logger: logger, file: file, line: line).collect() }
    }

    /// As above, for a prepared statement.
    func rows<Shape: StatementShape>(_ statement: Prepared<Shape>) async throws -> [PostgresRow] {
        try await client.withConnection {
            try await $0.run(statement, logger: logger).reduce(into: []) { $0.append($1) }
        }
    }

    /// Whether the database answers a statement (readiness).
    public func ping() async throws { try await rows("SELECT 1") }

    public var users: UserStore { UserStore(database: self) }
    public var cooperatives: CooperativeStore { CooperativeStore(database: self) }
    public var programmes: ProgrammeStore { ProgrammeStore(database: self) }
    public var applications: ApplicationStore { ApplicationStore(database: self) }
    public var audit: AuditStore { AuditStore(database: self) }
    public var reports: ReportStore { ReportStore(database: self) }
    public var sessions: SessionStore { SessionStore(database: self) }
    public var idempotency: IdempotencyStore { IdempotencyStore(database: self) }
}

/// The process's memory of programme identities (see `ProgrammeStore.identities`).
final class ProgrammeIdentities: Sendable {
    let known = Mutex<[UUID: ProgrammeIdentity]>([:])
}

/// A row's cells counted from an offset, so one joined row can carry several records.
struct Cells {
    let row: PostgresRandomAccessRow
    let base: Int

    init(_ row: PostgresRandomAccessRow, from base: Int) {
        self.row = row
        self.base = base
    }

    func callAsFunction<T: PostgresDecodable>(_ index: Int, _ type: T.Type = T.self) throws -> T {
        try row[base + index].decode(T.self)
    }
}

/// One SQL statement assembled in parts: each bound value takes the next placeholder, and its type is recorded from
/// the Swift type (not the value, so a nil declares the same type), which lets the text be prepared once.
struct Statement {
    var sql = ""
    var binds = PostgresBindings()
    var types: [PostgresDataType] = []

    mutating func bind<Value: PostgresEncodable>(_ value: Value?) throws -> String {
        if let value { try binds.append(value) } else { binds.appendNull() }
        types.append(Value.psqlType)
        return "$\(types.count)"
    }
}

/// Names one statement text that PostgreSQL parses and plans once per connection (`Prepared`).
protocol StatementShape: SendableMetatype {}

/// A statement text run as a named prepared statement: parsing and planning, most of PostgreSQL's work for the short
/// statements of a read or a transition, happen once per connection instead of every time. The text is whatever the
/// `Statement` of its shape assembled first; assembling a different one under the same shape is a programming error.
struct Prepared<Shape: StatementShape>: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static var name: String { "coopcase_\(Shape.self)" }
    static var sql: String { PreparedTexts.text(of: Shape.self).sql }
    static var bindingDataTypes: [PostgresDataType] { PreparedTexts.text(of: Shape.self).types }
    let bindings: PostgresBindings

    init(_ statement: Statement) {
        PreparedTexts.register(Shape.self, sql: statement.sql, types: statement.types)
        bindings = statement.binds
    }

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

enum PreparedTexts {
    private static let texts = Mutex<[ObjectIdentifier: (sql: String, types: [PostgresDataType])]>([:])

    static func register(_ shape: any StatementShape.Type, sql: String, types: [PostgresDataType]) {
        texts.withLock { texts in
            if let known = texts[ObjectIdentifier(shape)] {
                precondition(known.sql == sql && known.types == types, "two texts for statement \(shape)")
            } else {
                texts[ObjectIdentifier(shape)] = (sql, types)
            }
        }
    }

    static func text(of shape: any StatementShape.Type) -> (sql: String, types: [PostgresDataType]) {
        texts.withLock { $0[ObjectIdentifier(shape)] ?? ("", []) }
    }
}

/// Select lists written as one string: how many columns, and the same columns under a table alias.
enum SelectList {
    static func count(_ columns: String) -> Int { columns.split(separator: ",").count }

    static func qualified(_ columns: String, by alias: String) -> String {
        columns.split(separator: ",").map { "\(alias).\($0.trimmed())" }
            .joined(separator: ", ")
    }
}

/// The server closed a connection this process held, before or while one of its statements ran.
public struct ConnectionClosed: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "the database closed the connection" }
}

extension PostgresConnection {
    /// postgres-nio 1.33.2 drops a statement written to a connection that has closed, and its caller waits
    /// forever: with PostgreSQL killed mid-transaction, the next statement (or the ROLLBACK) would never return,
    /// nor would the request waiting on it.
    func requireOpen() throws { if isClosed { throw ConnectionClosed() } }

    /// `query` on a connection this process holds; fails with `ConnectionClosed` once the connection has closed.
    @discardableResult
    func run(_ query: PostgresQuery, logger: Logger, file: String = #fileID, line: Int = #line) async throws
        -> PostgresRowSequence
    {
        try await untilClosed { try await self.query(query, logger: logger, file: file, line: line) }
    }

    /// As `run`, for a prepared statement.
    func run<Shape: StatementShape>(_ statement: Prepared<Shape>, logger: Logger) async throws
        -> AsyncThrowingMapSequence<PostgresRowSequence, PostgresRow>
    {
        try await untilClosed { try await self.execute(statement, logger: logger) }
    }

    /// Runs `work` (one statement on this connection) in a task of its own and answers with its outcome, or with
    /// `ConnectionClosed` as soon as the connection closes. A statement can be written just after the connection
    /// closed but before this process saw it, which no check beforehand catches; its task is then left behind.
    func untilClosed<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try requireOpen()
        return try await withCheckedThrowingContinuation { continuation in
            let outcome = Outcome(continuation)
            let watch = ClosingConnections.shared.watch(self) { outcome.resume(.failure(ConnectionClosed())) }
            Task {
                let result: Result<T, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                ClosingConnections.shared.forget(watch)
                outcome.resume(result)
            }
        }
    }
}

/// One continuation that the first of two parties resumes; the second finds nothing left to resume.
private final class Outcome<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) { self.continuation = Mutex(continuation) }

    func resume(_ result: Result<T, any Error>) {
        continuation.withLock { $0.take() }?.resume(with: result)
    }
}

/// The statements in flight on each held connection, answered when it closes. Each connection's close is
/// watched once, not once per statement, for its close future keeps every callback until it completes.
final class ClosingConnections: Sendable {
    static let shared = ClosingConnections()
    struct Watch {
        let connection: ObjectIdentifier
        let id: UInt64
    }
    private let watched = Mutex<(next: UInt64, byConnection: [ObjectIdentifier: [UInt64: @Sendable () -> Void]])>(
        (0, [:]))

    func watch(_ connection: PostgresConnection, onClose: @escaping @Sendable () -> Void) -> Watch {
        let key = ObjectIdentifier(connection)
        let (id, first) = watched.withLock { watched in
            watched.next += 1
            let first = watched.byConnection[key] == nil
            watched.byConnection[key, default: [:]][watched.next] = onClose
            return (watched.next, first)
        }
        if first {
            connection.closeFuture.whenComplete { _ in
                let waiting = self.watched.withLock { $0.byConnection.removeValue(forKey: key) } ?? [:]
                for onClose in waiting.values { onClose() }
            }
        }
        return Watch(connection: key, id: id)
    }

    func forget(_ watch: Watch) {
        watched.withLock { _ = $0.byConnection[watch.connection]?.removeValue(forKey: watch.id) }
    }
}

/// JSON columns travel as text: encoded and decoded here, bound as `$n::jsonb`, selected as `col::text`.
enum JSONColumn {
    // Both are safe to share between tasks; making them is a good part of encoding one small value.
    private static let encoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(InternetDate.string(date))
        }
        return encoder
    }()
    private static let decoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = InternetDate.read(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \(text)")
            }
            return date
        }
        return decoder
    }()

    static func encode<T: Encodable>(_ value: T) -> String {
        // Encoding the domain's plain value types cannot fail.
        String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static func encodeOptional<T: Encodable>(_ value: T?) -> String? {
        value.map { encode($0) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
        try text.map { try decode(type, $0) }
    }

    /// A JSON array of strings as PostgreSQL prints it (`["a", "b"]`), nil as empty. Without a backslash every string
    /// runs from one quote to the next, so it is read directly; anything else goes through the decoder.
    static func strings(_ text: String?) throws -> [String] {
        guard let text, text != "[]" else { return [] }
        let utf8 = text.utf8
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        guard !utf8.contains(backslash) else { return try decode([String].self, text) }
        var strings: [String] = []
        var position = utf8.startIndex
        while let open = utf8[position...].firstIndex(of: quote) {
            let start = utf8.index(after: open)
            guard let close = utf8[start...].firstIndex(of: quote) else { return try decode([String].self, text) }
            strings.append(String(text[start..<close]))
            position = utf8.index(after: close)
        }
        return strings
    }
}

extension [PostgresRow] {
    /// Every row decoded, as `PostgresRowSequence.decode` does for a stream.
    func decode<Column: PostgresDecodable>(_: Column.Type) throws -> [Column] {
        try map { try $0.decode(Column.self) }
    }

    func decode<each Column: PostgresDecodable>(_: (repeat each Column).Type) throws -> [(repeat each Column)] {
        try map { try $0.decode((repeat each Column).self, context: .default) }
    }
}

extension PSQLError {
    /// The SQLSTATE of a server error, e.g. `23505` for a unique violation.
    var sqlState: String? { serverInfo?[.sqlState] }
}
