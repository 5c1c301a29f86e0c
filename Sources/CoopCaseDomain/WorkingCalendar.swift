import Foundation

/// Counts working days (Monday–Friday) in Vietnam's time zone for review deadlines.
public struct WorkingCalendar: Sendable {
    let calendar: Calendar

    public init() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!
        self.calendar = calendar
    }

    func isWorkingDay(_ date: Date) -> Bool {
        let weekday = calendar.component(.weekday, from: date)
        return weekday != 1 && weekday != 7
    }

    /// The moment `days` working days after `date`.
    public func adding(workingDays days: Int, to date: Date) -> Date {
        var result = date
        var remaining = days
        while remaining > 0 {
            result = calendar.date(byAdding: .day, value: 1, to: result)!
            if isWorkingDay(result) { remaining -= 1 }
        }
        return result
    }

    /// Whole working days from `start` up to `end` (0 when `end` is not after `start`).
    public func workingDays(from start: Date, to end: Date) -> Int {
        var count = 0
        var cursor = start
        while true {
            cursor = calendar.date(byAdding: .day, value: 1, to: cursor)!
            if cursor > end { return count }
            if isWorkingDay(cursor) { count += 1 }
        }
    }
}
