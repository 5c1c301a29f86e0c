import CoopCaseDomain
import Foundation
import PostgresNIO

/// The working calendar's rows: entries, covered years, and the log of changes.
public struct CalendarStore: Sendable {
    let database: Database

    /// Every entry and every covered year.
    public func load() async throws -> (entries: [CalendarEntry], years: [Int]) {
        let rows = try await database.rows(
            "SELECT day::text, kind, name_vi, name_en, basis FROM calendar_entries ORDER BY day")
        var entries: [CalendarEntry] = []
        for (day, kind, vi, en, basis) in try rows.decode((String, String, String, String, String).self) {
            guard let day = CalendarCSV.day(day), let kind = CalendarEntry.Kind(rawValue: kind) else { continue }
            entries.append(CalendarEntry(day: day, kind: kind, name: LocalizedText(vi: vi, en: en), basis: basis))
        }
        let years = try await database.rows("SELECT year FROM calendar_years ORDER BY year").decode(Int.self)
        return (entries, years)
    }

    /// Adds an entry; false when that day already has one.
    public func add(_ entry: CalendarEntry, by username: String) async throws -> Bool {
        try await database.client.transaction(logger: database.logger) { connection in
            let inserted = try await connection.run(
                """
                INSERT INTO calendar_entries (day, kind, name_vi, name_en, basis, changed_by)
                VALUES (\(entry.day.description)::date, \(entry.kind.rawValue), \(entry.name.vi), \(entry.name.en),
                        \(entry.basis), \(username))
                ON CONFLICT (day) DO NOTHING RETURNING 1
                """, logger: database.logger
            ).collect()
            guard !inserted.isEmpty else { return false }
            try await log(
                "add", year: entry.day.year, day: entry.day, detail: JSONColumn.encode(entry), by: username,
                on: connection)
            return true
        }
    }

    /// Removes the entry of `day`; the removed entry, nil when there was none.
    public func remove(_ day: CivilDay, by username: String) async throws -> CalendarEntry? {
        try await database.client.transaction(logger: database.logger) { connection in
            let rows = try await connection.run(
                """
                DELETE FROM calendar_entries WHERE day = \(day.description)::date
                RETURNING kind, name_vi, name_en, basis
                """, logger: database.logger)
            for try await (kind, vi, en, basis) in rows.decode((String, String, String, String).self) {
                let entry = CalendarEntry(
                    day: day, kind: CalendarEntry.Kind(rawValue: kind) ?? .dayOff, name: LocalizedText(vi: vi, en: en),
                    basis: basis)
                try await log(
                    "remove", year: day.year, day: day, detail: JSONColumn.encode(entry), by: username, on: connection)
                return entry
            }
            return nil
        }
    }

    /// Replaces the entries of `year` with `entries` and marks the year covered, in one transaction.
    /// `onlyIfAbsent`: leave a year already covered as it is (the shipped years, installed once); answers whether the
    /// year was written.
    public func replaceYear(
        _ year: Int, with entries: [CalendarEntry], basis: String, by username: String, change: String,
        onlyIfAbsent: Bool = false
    ) async throws -> Bool {
        try await database.client.transaction(logger: database.logger) { connection in
            let present = try await connection.run(
                "SELECT 1 FROM calendar_years WHERE year = \(year) FOR UPDATE", logger: database.logger
            ).collect()
            if onlyIfAbsent && !present.isEmpty { return false }
            try await connection.run(
                """
                DELETE FROM calendar_entries
                WHERE day >= make_date(\(year)::int, 1, 1) AND day < make_date(\(year)::int + 1, 1, 1)
                """, logger: database.logger)
            for entry in entries {
                try await connection.run(
                    """
                    INSERT INTO calendar_entries (day, kind, name_vi, name_en, basis, changed_by)
                    VALUES (\(entry.day.description)::date, \(entry.kind.rawValue), \(entry.name.vi), \(entry.name.en),
                            \(entry.basis), \(username))
                    """, logger: database.logger)
            }
            try await connection.run(
                """
                INSERT INTO calendar_years (year, basis, changed_by) VALUES (\(year), \(basis), \(username))
                ON CONFLICT (year) DO UPDATE SET basis = EXCLUDED.basis, changed_by = EXCLUDED.changed_by,
                    changed_at = now()
                """, logger: database.logger)
            try await log(
                change, year: year, day: nil, detail: JSONColumn.encode(["entries": entries.count]), by: username,
                on: connection)
            return true
        }
    }

    /// The changes made to the calendar, newest first.
    public func changes(year: Int?, limit: Int) async throws -> [CalendarChange] {
        let rows = try await database.rows(
            """
            SELECT at, actor_username, change, year, day::text, detail::text FROM calendar_changes
            WHERE (\(year)::int IS NULL OR year = \(year)) ORDER BY id DESC LIMIT \(limit)
            """)
        return try rows.decode((Date, String, String, Int, String?, String).self).map {
            CalendarChange(
                at: $0.0, username: $0.1, change: $0.2, year: $0.3, day: $0.4.flatMap(CalendarCSV.day), detail: $0.5)
        }
    }

    private func log(
        _ change: String, year: Int, day: CivilDay?, detail: String, by username: String,
        on connection: PostgresConnection
    ) async throws {
        try await connection.run(
            """
            INSERT INTO calendar_changes (at, actor_username, change, year, day, detail)
            VALUES (\(database.now), \(username), \(change), \(year), \(day?.description)::date, \(detail)::jsonb)
            """, logger: database.logger)
    }
}
