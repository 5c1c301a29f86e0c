import Foundation

/// RFC 3339 date-times in UTC to the second (`2026-11-30T02:16:00Z`), as `ISO8601DateFormatter` writes them with
/// `.withInternetDateTime`, by arithmetic: pages of fifty applications carry hundreds of dates, and the formatter
/// was a sixth of a list's cost.
public enum InternetDate {
    public static func string(_ date: Date) -> String {
        // To the millisecond first, as the formatter does, then the whole second.
        let (seconds, _) = floorDivide(Int64((date.timeIntervalSince1970 * 1000).rounded()), 1000)
        return format(seconds: seconds, milliseconds: nil)
    }

    /// With milliseconds (`2026-11-30T02:16:00.250Z`), as `Date.ISO8601FormatStyle(includingFractionalSeconds:
    /// true)` writes them: the whole second and the thousandths below it, each cut rather than rounded. Audit
    /// events carry such times and exports print millions.
    public static func stringWithMilliseconds(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        let whole = interval.rounded(.down)
        return format(seconds: Int64(whole), milliseconds: min(Int64(((interval - whole) * 1000).rounded(.down)), 999))
    }

    private static func format(seconds: Int64, milliseconds: Int64?) -> String {
        let (days, secondOfDay) = floorDivide(seconds, 86_400)
        let (year, month, day) = civil(fromDays: days)
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2)
        if let milliseconds {
            bytes.append(UInt8(ascii: "."))
            digits(milliseconds, 3)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads an RFC 3339 date-time, `YYYY-MM-DDTHH:MM:SS`, optionally with fractional seconds, then `Z` or an offset
    /// `±HH:MM`; nil for anything else, an impossible day (30 February) included.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"),
            bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":")
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        // The zone: Z, or ±HH:MM as the last six bytes.
        let zoneStart: Int
        var offset: Int64 = 0
        if bytes.last == UInt8(ascii: "Z") || bytes.last == UInt8(ascii: "z") {
            zoneStart = bytes.count - 1
        } else {
            zoneStart = bytes.count - 6
            guard zoneStart >= 19, bytes[zoneStart] == UInt8(ascii: "+") || bytes[zoneStart] == UInt8(ascii: "-"),
                bytes[zoneStart + 3] == UInt8(ascii: ":"), let hours = number((zoneStart + 1)..<(zoneStart + 3)),
                let minutes = number((zoneStart + 4)..<(zoneStart + 6)), hours < 24, minutes < 60
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (bytes[zoneStart] == UInt8(ascii: "-") ? -1 : 1)
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24, minute < 60,
            second < 60
        else { return nil }
        var fraction = 0.0
        if zoneStart > 19 {
            // Any number of fractional digits is valid; past nanoseconds they cannot change a Date, and reading them
            // all would overflow.
            let end = min(zoneStart, 29)
            guard bytes[19] == UInt8(ascii: "."), zoneStart > 20,
                bytes[20..<zoneStart].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                let digits = number(20..<end)
            else {
                return nil
            }
            fraction = Double(digits) / pow(10, Double(end - 20))
        }
        let seconds = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// `parse`, within years 1 to 9999 (in UTC), which can be written back as RFC 3339.
    public static func read(_ text: String) -> Date? {
        guard text.utf8.count <= 64, let date = parse(text) else { return nil }
        return (earliest...latest).contains(date.timeIntervalSince1970) ? date : nil
    }

    /// Reads an RFC 3339 full date, `YYYY-MM-DD`, years 1 to 9999, as its first instant in UTC; nil for anything
    /// else, a day that does not exist (30 February) included.
    public static func day(_ text: String) -> Date? {
        guard text.utf8.count == 10, let date = parse(text + "T00:00:00Z"), date.timeIntervalSince1970 >= earliest
        else { return nil }
        return date
    }

    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, in seconds since 1970.
    static let earliest: TimeInterval = -62_135_596_800
    static let latest: TimeInterval = 253_402_300_799.999

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithms).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
