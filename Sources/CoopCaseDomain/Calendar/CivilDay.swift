import Foundation

/// A day of the civil (Gregorian) calendar, as Vietnam counts days: no time, no zone.
public struct CivilDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
    public var description: String { "\(Digits.padded(year, 4))-\(Digits.padded(month, 2))-\(Digits.padded(day, 2))" }

    /// The Julian day number (Gregorian from 15 October 1582).
    public var julianDay: Int { LunarCalendar.julianDay(self) }

    public init(julianDay: Int) { self = LunarCalendar.civilDay(julianDay: julianDay) }

    /// Monday 0 … Sunday 6.
    public var weekday: Int { julianDay % 7 }

    /// The next day.
    public var next: CivilDay { CivilDay(julianDay: julianDay + 1) }

    /// The day a moment falls on in Vietnam (UTC+7, without daylight saving since 1975).
    public init(_ date: Date) {
        let seconds = Int((date.timeIntervalSince1970 + 7 * 3600).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        self.init(julianDay: 2_440_588 + days)
    }
}

extension CivilDay {
    /// As `YYYY-MM-DD`, the way the contract, the CLI's JSON and the calendar files write a day.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = CalendarCSV.day(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a day: \(text)")
        }
        self = day
    }
}
