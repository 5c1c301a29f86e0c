import Foundation

/// Dates as a person reads them, on Vietnam's calendar (UTC+7 all year) whatever the server's zone: the pages, the
/// CLI and the slips all show the same day.
public enum DisplayDate {
    /// `07/12/2026` in Vietnamese, `7 Dec 2026` in English.
    public static func day(_ date: Date, _ language: Language) -> String {
        let day = CivilDay(date)
        if language == .en {
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][
                day.month - 1]
            return "\(day.day) \(month) \(day.year)"
        }
        return "\(Digits.padded(day.day, 2))/\(Digits.padded(day.month, 2))/\(Digits.padded(day.year, 4))"
    }

    /// The day with the time of day: `30/11/2026 02:55`, `30 Nov 2026, 02:55`.
    public static func moment(_ date: Date, _ language: Language) -> String {
        let seconds = Int((date.timeIntervalSince1970 + 7 * 3600).rounded(.down))
        let ofDay = ((seconds % 86_400) + 86_400) % 86_400
        return day(date, language) + (language == .en ? ", " : " ")
            + "\(Digits.padded(ofDay / 3600, 2)):\(Digits.padded(ofDay % 3600 / 60, 2))"
    }
}
