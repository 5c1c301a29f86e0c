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
    /// The working calendar as last read, shared likewise (see `CalendarService`).
    public let calendarCache = Remembered<WorkingCalendar>()
    /// The administrative units as last read, shared likewise (see `PlacesService`).
    public let placesCache = Remembered<UnitCatalogue>()
    /// The programmes as last read, for the queue's labels and filters (see `ProgrammeStore.list(rememberedFor:)`).
    let programmesCache = Remembered<[Programme]>()
    /// How many applications each programme holds in each state, for the queue's counts.
    public let stateCountsCache = Remembered<[UUID: [ApplicationState: Int]]>()

    public init(client: PostgresClient, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.logger = logger
        self.clock = clock
    }

    /// Now, to the millisecond: audit bodies and columns then hold the same instant.
    public var now: Date {
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
    public var calendar: CalendarStore { CalendarStore(database: self) }
    public var places: PlacesStore { PlacesStore(database: self) }
    public var sessions: SessionStore { SessionStore(database: self) }
    public var idempotency: IdempotencyStore { IdempotencyStore(database: self) }
}

/// The process's memory of programme identities (see `ProgrammeStore.identities`).
final class ProgrammeIdentities: Sendable {
    let known = Mutex<[UUID: ProgrammeIdentity]>([:])
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
