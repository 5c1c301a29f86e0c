import CoopCaseDomain
internal import CoopCasePostgres
import Foundation
import Synchronization

/// The working calendar: read by every deadline, kept by administrators. Reads come from memory, refreshed from the
/// database at most a minute after another instance changed it and at once after a change through this one.
public struct CalendarService: Sendable {
    let database: Database
    var store: CalendarStore { database.calendar }

    /// How long a calendar read from the database is used before it is read again.
    static let freshness: Duration = .seconds(60)

    /// The calendar deadlines are counted on.
    public func calendar() async throws -> WorkingCalendar {
        try await database.calendarCache.value(freshness: Self.freshness) {
            let (entries, years) = try await store.load()
            return WorkingCalendar(entries: entries, covering: years)
        }
    }

    /// The statutory clocks on that calendar.
    public func clock() async throws -> StatutoryClock { StatutoryClock(calendar: try await calendar()) }

    /// The entries of `year` (every year when nil) and the covered years.
    public func list(year: Int?, by actor: Actor) async throws -> (entries: [CalendarEntry], years: [Int]) {
        try actor.require(.readDeadlines)
        let (entries, years) = try await store.load()
        return (year.map { year in entries.filter { $0.day.year == year } } ?? entries, years)
    }

    /// Adds a day off or a make-up working day.
    public func add(_ entry: CalendarEntry, by actor: Actor) async throws {
        try actor.require(.manageCalendar)
        if let (field, reason) = entry.problem { throw DomainError.validation(field: field, reason: reason) }
        guard LunarCalendar.years.contains(entry.day.year) else {
            throw DomainError.validation(field: "day", reason: .unknownValue)
        }
        guard try await store.add(entry, by: actor.username) else {
            throw DomainError.conflict(entity: .calendarEntry, key: entry.day.description)
        }
        forget()
    }

    /// Removes the entry of `day`; returns it.
    @discardableResult
    public func remove(_ day: CivilDay, by actor: Actor) async throws -> CalendarEntry {
        try actor.require(.manageCalendar)
        guard LunarCalendar.years.contains(day.year) else {
            throw DomainError.notFound(entity: .calendarEntry, key: day.description)
        }
        guard let removed = try await store.remove(day, by: actor.username) else {
            throw DomainError.notFound(entity: .calendarEntry, key: day.description)
        }
        forget()
        return removed
    }

    /// Replaces a year's entries with those of a CSV file (see `CalendarCSV`) and marks the year covered. A file with
    /// any bad line changes nothing and says every problem with its line.
    public func importYear(_ year: Int, csv: String, basis: String, by actor: Actor) async throws -> [CalendarEntry] {
        try actor.require(.manageCalendar)
        guard LunarCalendar.years.contains(year) else {
            throw DomainError.validation(field: "year", reason: .unknownValue)
        }
        guard !basis.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.validation(field: "basis", reason: .required)
        }
        switch CalendarCSV.parse(csv, year: year) {
        case .failure(let problems):
            throw FileImportError.invalidLines(problems.errors)
        case .success(let entries):
            _ = try await store.replaceYear(year, with: entries, basis: basis, by: actor.username, change: "import")
            forget()
            return entries
        }
    }

    /// The changes made to the calendar, newest first.
    public func changes(year: Int?, limit: Int = 100, by actor: Actor) async throws -> [CalendarChange] {
        try actor.require(.readDeadlines)
        return try await store.changes(year: year, limit: limit)
    }

    /// Installs the shipped years (`StatutoryCalendar`) that the database does not cover yet; a year an
    /// administrator has already set is left as it is. Returns the years installed.
    @discardableResult
    public func installShipped() async throws -> [Int] {
        var installed: [Int] = []
        for year in StatutoryCalendar.shippedYears {
            let entries = StatutoryCalendar.entries(for: year)
            let basis =
                entries.contains { $0.basis != StatutoryCalendar.article112 && $0.basis != StatutoryCalendar.inLieu }
                ? "Bộ luật Lao động 2019, Điều 112; quyết định đã công bố của năm"
                : "Bộ luật Lao động 2019, Điều 112 (tính sẵn)"
            if try await store.replaceYear(
                year, with: entries, basis: basis, by: "coopcase", change: "install", onlyIfAbsent: true)
            {
                installed.append(year)
            }
        }
        forget()
        return installed
    }

    private func forget() { database.calendarCache.forget() }
}
