import Foundation

/// Dates as a person reads them, on Vietnam's calendar (UTC+7 all year) whatever the server's zone: the pages, the
/// CLI and the slips all show the same day.
public enum DisplayDate {
    static let vietnam = TimeZone(secondsFromGMT: 7 * 3600)!

    /// `07/12/2026` in Vietnamese, `7 Dec 2026` in English.
    public static func day(_ date: Date, _ language: Language) -> String {
        let c = components(date)
        if language == .en {
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
                (c.month ?? 1) - 1]
            return "\(c.day ?? 1) \(month) \(c.year ?? 0)"
        }
        return String(format: "%02d/%02d/%04d", c.day ?? 1, c.month ?? 1, c.year ?? 0)
    }

    /// The day with the time of day: `30/11/2026 02:55`, `30 Nov 2026, 02:55`.
    public static func moment(_ date: Date, _ language: Language) -> String {
        let c = components(date)
        return day(date, language) + (language == .en ? ", " : " ")
            + String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
    }

    static func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = vietnam
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }
}
