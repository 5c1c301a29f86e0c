import Foundation

/// Counts working days in Vietnam's time zone for review deadlines: Monday to Friday, or, when made from the
/// calendar's data, without its public holidays and days off and with its make-up Saturdays.
public struct WorkingCalendar: Sendable {
    let calendar: Calendar
    /// Days off and make-up working days, from the calendar's data (none for the weekends-only calendar).
    var daysOff: Set<CivilDay> = []
    var madeUp: Set<CivilDay> = []
    /// The years whose days off are known; nil for the weekends-only calendar.
    var covered: Set<Int>?
    /// Julian days, in order, of weekdays not worked and of weekend days worked: what a count of weekdays between
    /// two days is corrected by, so a count costs two searches rather than a walk over every day between.
    var lostWeekdays: [Int] = []
    var gainedWeekends: [Int] = []

    public init() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!
        self.calendar = calendar
    }

    func isWorkingDay(_ date: Date) -> Bool { isWorkingDay(CivilDay(date)) }

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

    // MARK: - Holidays as data

    /// A calendar that knows its days off and make-up days for `years`, and refuses to count past them.
    public init(entries: [CalendarEntry], covering years: some Sequence<Int>) {
        self.init()
        daysOff = Set(entries.filter { $0.kind == .dayOff }.map(\.day))
        madeUp = Set(entries.filter { $0.kind == .workingDay }.map(\.day))
        covered = Set(years)
        lostWeekdays = daysOff.subtracting(madeUp).filter { $0.weekday < 5 }.map(\.julianDay).sorted()
        gainedWeekends = madeUp.filter { $0.weekday >= 5 }.map(\.julianDay).sorted()
    }

    /// Whether `day` is worked: a make-up day is, a day off is not, otherwise Monday to Friday.
    public func isWorkingDay(_ day: CivilDay) -> Bool {
        if madeUp.contains(day) { return true }
        if daysOff.contains(day) { return false }
        return day.weekday < 5
    }

    /// The working day `days` working days after `start` (counted from the next day). A count that would look at a
    /// day of a year the calendar does not cover is refused rather than counted without its holidays.
    public func day(adding days: Int, to start: CivilDay) throws(DomainError) -> CivilDay {
        var day = start
        var remaining = days
        while remaining > 0 {
            day = day.next
            if let covered, !covered.contains(day.year) { throw .calendarNotCovered(year: day.year) }
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// Refuses a day of a year the calendar does not cover.
    public func requireCovered(_ day: CivilDay) throws(DomainError) {
        if let covered, !covered.contains(day.year) { throw .calendarNotCovered(year: day.year) }
    }

    /// The years whose days off are known, in order (nil: weekends only, every year).
    public var coveredYears: [Int]? { covered?.sorted() }

    /// Working days after `start` up to and including `end` (0 when `end` is not after `start`): the weekdays
    /// between, less the days off among them, plus the make-up days.
    public func workingDays(after start: CivilDay, through end: CivilDay) -> Int {
        guard start < end else { return 0 }
        let (a, b) = (start.julianDay, end.julianDay)
        return Self.weekdays(upTo: b) - Self.weekdays(upTo: a) - Self.count(lostWeekdays, after: a, through: b)
            + Self.count(gainedWeekends, after: a, through: b)
    }

    /// Weekdays (Monday to Friday) among Julian days 0 through `day` (day 0 was a Monday).
    static func weekdays(upTo day: Int) -> Int { day / 7 * 5 + min(day % 7 + 1, 5) }

    /// How many of `sorted` fall after `a` up to and including `b`.
    static func count(_ sorted: [Int], after a: Int, through b: Int) -> Int {
        func firstAbove(_ value: Int) -> Int {
            var (low, high) = (0, sorted.count)
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] <= value { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return firstAbove(b) - firstAbove(a)
    }
}
