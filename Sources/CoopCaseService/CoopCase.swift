import CoopCaseDomain
package import CoopCasePostgres
import Foundation
public import Logging

/// The use cases every adapter calls (REST, the CLI, the pages): the one way in. What it reads and writes goes
/// through `CoopCasePostgres`, which no adapter imports.
public struct CoopCase: Sendable {
    package let database: Database

    package init(database: Database) { self.database = database }

    public var logger: Logger { database.logger }
    public var applications: ApplicationService { ApplicationService(database: database) }
    public var cooperatives: CooperativeService { CooperativeService(database: database) }
    public var programmes: ProgrammeService { ProgrammeService(database: database) }
    public var users: UserService { UserService(database: database) }
    public var sessions: SessionService { SessionService(database: database) }
    public var audit: AuditService { AuditService(database: database) }
    public var idempotency: IdempotencyService { IdempotencyService(database: database) }
    public var calendar: CalendarService { CalendarService(database: database) }
    public var places: PlacesService { PlacesService(database: database) }
    public var slips: SlipService { SlipService(database: database) }

    /// Figures for the province (registry and programmes), as `actor` may see them.
    public func summary(programmeCode: String? = nil, by actor: Actor) async throws -> Summary {
        try actor.require(.readReports)
        return try await database.reports.summary(programmeCode: programmeCode, calendar: try await calendar.calendar())
    }

    /// Whether the database answers (readiness).
    public func ping() async throws { try await database.ping() }
}
