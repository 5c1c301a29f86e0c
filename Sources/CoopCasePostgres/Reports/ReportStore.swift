import CoopCaseDomain
import Foundation
import PostgresNIO

public struct ReportStore: Sendable {
    let database: Database

    /// A sum (numeric in PostgreSQL, which cannot overflow) as the report's 64-bit integer: rounded, and held at
    /// the largest such integer should a registry ever total more, rather than failing the whole report.
    static func saturated(_ sum: String) -> String {
        "least(round(coalesce(\(sum), 0)), 9223372036854775807)::bigint"
    }

    /// The summary, with stage durations counted in working days on `calendar`.
    public func summary(programmeCode: String? = nil, calendar: WorkingCalendar) async throws -> Summary {
        var registry = Summary.Registry(
            cooperatives: 0, members: 0, workers: 0, totalRevenue: 0, averageRevenue: 0, withComputer: 0,
            withInternet: 0, withWebsite: 0, withAccountingSoftware: 0, withSalesSoftware: 0)
        let counts = try await database.rows(
            """
            SELECT count(*)::int, coalesce(sum(members), 0)::bigint, coalesce(sum(workers), 0)::bigint,
                   \(unescaped: Self.saturated("sum(annual_revenue)")),
                   \(unescaped: Self.saturated("avg(annual_revenue)")),
                   count(*) FILTER (WHERE has_computer)::int, count(*) FILTER (WHERE has_internet)::int,
                   count(*) FILTER (WHERE has_website)::int, count(*) FILTER (WHERE has_accounting_software)::int,
                   count(*) FILTER (WHERE has_sales_software)::int
            FROM cooperatives
            """)
        for (count, members, workers, revenue, average, computer, internet, website, accounting, sales)
            in try counts.decode(
                (Int, Int, Int, Int64, Int64, Int, Int, Int, Int, Int).self)
        {
            registry = Summary.Registry(
                cooperatives: count, members: members, workers: workers, totalRevenue: revenue,
                averageRevenue: average, withComputer: computer,
                withInternet: internet, withWebsite: website, withAccountingSoftware: accounting,
                withSalesSoftware: sales)
        }
        var lines: [Summary.ProgrammeLine] = []
        let programmes = try await database.rows(
            """
            SELECT p.code, p.kind, p.status, l.budget, l.reserved, l.committed, l.spent,
                   \(unescaped: Self.saturated("""
                       (SELECT sum(requested_amount) FROM applications a WHERE a.programme_id = p.id
                        AND a.state <> 'draft')
                       """)),
                   \(unescaped: Self.saturated("""
                       (SELECT sum((recommendation->>'amount')::numeric) FROM applications a
                        WHERE a.programme_id = p.id AND recommendation->>'kind' = 'award')
                       """)),
                   \(unescaped: Self.saturated("""
                       (SELECT sum((decision->>'amount')::numeric) FROM applications a
                        WHERE a.programme_id = p.id AND decision->>'kind' = 'approve')
                       """)),
                   coalesce((SELECT jsonb_object_agg(state, n) FROM (SELECT state, count(*) AS n FROM applications a
                             WHERE a.programme_id = p.id GROUP BY state) s), '{}'::jsonb)::text
            FROM programmes p JOIN programme_budgets l ON l.programme_id = p.id
            WHERE \(programmeCode == nil) OR p.code = \(programmeCode ?? "")
            ORDER BY p.code
            """)
        for row in programmes {
            let (code, kind, status, budget, reserved, committed, spent, requested, recommended, approved, states) =
                try row.decode((String, String, String, Int64, Int64, Int64, Int64, Int64, Int64, Int64, String).self)
            let programmeKind = ProgrammeKind(rawValue: kind) ?? .training
            lines.append(
                Summary.ProgrammeLine(
                    code: code, kind: programmeKind, status: ProgrammeStatus(rawValue: status) ?? .draft,
                    unit: programmeKind.unit, budget: budget, reserved: reserved, committed: committed, spent: spent,
                    requested: requested, recommended: recommended, approved: approved,
                    applications: try JSONColumn.decode([String: Int].self, states), averageWorkingDays: [:]))
        }
        if let programmeCode, lines.isEmpty { throw DomainError.notFound(entity: .programme, key: programmeCode) }
        let durations = try await stageDurations(programmeCode: programmeCode, calendar: calendar)
        for index in lines.indices { lines[index].averageWorkingDays = durations[lines[index].code] ?? [:] }
        return Summary(registry: registry, programmes: lines)
    }

    /// Working days between entering a state and leaving it, averaged per state, for every programme selected
    /// (all when nil): one statement, streamed, one pass.
    func stageDurations(programmeCode: String?, calendar: WorkingCalendar) async throws -> [String: [String: Double]] {
        let query: PostgresQuery = """
            SELECT code, to_state, at, next_at FROM (
                SELECT p.code, e.to_state, e.at,
                       lead(e.at) OVER (PARTITION BY e.application_id ORDER BY e.seq) AS next_at
                FROM application_events e JOIN applications a ON a.id = e.application_id
                JOIN programmes p ON p.id = a.programme_id
                WHERE (\(programmeCode == nil) OR p.code = \(programmeCode ?? ""))
                  AND e.from_state IS DISTINCT FROM e.to_state) stages
            WHERE next_at IS NOT NULL
            """
        let totals = try await database.client.withConnection { connection in
            var totals: [String: [String: (days: Int, count: Int)]] = [:]
            for try await (code, state, start, end) in try await connection.run(query, logger: database.logger).decode(
                (String, String, Date, Date).self)
            {
                let days = calendar.workingDays(after: CivilDay(start), through: CivilDay(end))
                totals[code, default: [:]][state, default: (0, 0)].days += days
                totals[code, default: [:]][state, default: (0, 0)].count += 1
            }
            return totals
        }
        return totals.mapValues { $0.mapValues { Double($0.days) / Double($0.count) } }
    }
}
