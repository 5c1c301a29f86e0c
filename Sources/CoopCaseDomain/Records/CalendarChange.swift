import Foundation

/// One change to the working calendar, as recorded: who, when, what.
public struct CalendarChange: Sendable, Equatable, Codable {
    public var at: Date
    public var username: String
    /// `add`, `remove`, `import`, or `install` (the shipped years, by `coopcase migrate`).
    public var change: String
    public var year: Int
    public var day: CivilDay?
    /// What changed, as JSON: the entry added or removed, or the number of entries a year was given.
    public var detail: String

    public init(at: Date, username: String, change: String, year: Int, day: CivilDay?, detail: String) {
        self.at = at
        self.username = username
        self.change = change
        self.year = year
        self.day = day
        self.detail = detail
    }
}
