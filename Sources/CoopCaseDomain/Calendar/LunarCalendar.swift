import Foundation

/// The Vietnamese lunisolar calendar (âm lịch), reckoned at UTC+7 as Vietnam has since 1968: months begin on the day
/// of the new moon, the eleventh month holds the winter solstice, and a leap month is the first of a thirteen-month
/// year that holds no major solar term. Tết (1/1) and the Hùng Kings' day (10/3) are its days; the working calendar
/// places them on the civil calendar with it. New moons and the sun's longitude follow Meeus's series, as the
/// published Vietnamese calendars do.
public enum LunarCalendar {
    /// A day of the lunar calendar; `leap` for a day of the leap month.
    public struct Day: Sendable, Equatable, CustomStringConvertible {
        public var day: Int
        public var month: Int
        public var year: Int
        public var leap: Bool

        public init(day: Int, month: Int, year: Int, leap: Bool = false) {
            self.day = day
            self.month = month
            self.year = year
            self.leap = leap
        }

        public var description: String { "\(day)/\(month)\(leap ? " (nhuận)" : "")/\(year)" }
    }

    /// The years the conversion is meant for; the series lose accuracy far outside them.
    public static let years = 1900...2199
    static let timeZone = 7.0

    /// The civil day of a lunar day; nil when it does not exist (a leap month the year lacks, a 30th in a month of
    /// 29 days) or lies outside `years`.
    public static func civil(_ lunar: Day) -> CivilDay? {
        guard years.contains(lunar.year), (1...12).contains(lunar.month), (1...30).contains(lunar.day) else {
            return nil
        }
        let (a11, b11) =
            lunar.month < 11
            ? (month11(lunar.year - 1), month11(lunar.year)) : (month11(lunar.year), month11(lunar.year + 1))
        let k = Int((0.5 + (Double(a11) - 2_415_021.076998695) / 29.530588853).rounded(.down))
        var offset = lunar.month - 11
        if offset < 0 { offset += 12 }
        if b11 - a11 > 365 {
            let leapOffset = leapMonthOffset(a11)
            var leapMonth = leapOffset - 2
            if leapMonth < 0 { leapMonth += 12 }
            if lunar.leap && lunar.month != leapMonth { return nil }
            if lunar.leap || offset >= leapOffset { offset += 1 }
        } else if lunar.leap {
            return nil
        }
        let start = newMoonDay(k + offset)
        let result = civilDay(julianDay: start + lunar.day - 1)
        // A 30th that is the next month's first day does not exist.
        guard Self.lunar(result) == lunar else { return nil }
        return result
    }

    /// The lunar day of a civil day.
    public static func lunar(_ civil: CivilDay) -> Day {
        let dayNumber = julianDay(civil)
        // The estimate of the month's new moon can be one off either way (mean against true lunation): the month is
        // the one whose new moon is the last on or before the day.
        var k = Int(((Double(dayNumber) - 2_415_021.076998695) / 29.530588853).rounded(.down))
        while newMoonDay(k) > dayNumber { k -= 1 }
        while newMoonDay(k + 1) <= dayNumber { k += 1 }
        let monthStart = newMoonDay(k)
        var a11 = month11(civil.year)
        var b11 = a11
        var year: Int
        if a11 >= monthStart {
            year = civil.year
            a11 = month11(civil.year - 1)
        } else {
            year = civil.year + 1
            b11 = month11(civil.year + 1)
        }
        let day = dayNumber - monthStart + 1
        let difference = (monthStart - a11) / 29
        var leap = false
        var month = difference + 11
        if b11 - a11 > 365 {
            let leapDifference = leapMonthOffset(a11)
            if difference >= leapDifference {
                month = difference + 10
                if difference == leapDifference { leap = true }
            }
        }
        if month > 12 { month -= 12 }
        if month >= 11 && difference < 4 { year -= 1 }
        return Day(day: day, month: month, year: year, leap: leap)
    }

    // MARK: - Astronomy

    /// The Julian day number of a civil day (Gregorian from 15 October 1582).
    static func julianDay(_ civil: CivilDay) -> Int {
        let a = (14 - civil.month) / 12
        let y = civil.year + 4800 - a
        let m = civil.month + 12 * a - 3
        var jd = civil.day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
        if jd < 2_299_161 { jd = civil.day + (153 * m + 2) / 5 + 365 * y + y / 4 - 32083 }
        return jd
    }

    static func civilDay(julianDay jd: Int) -> CivilDay {
        let b: Int
        let c: Int
        if jd > 2_299_160 {
            let a = jd + 32044
            b = (4 * a + 3) / 146_097
            c = a - (b * 146_097) / 4
        } else {
            b = 0
            c = jd + 32082
        }
        let d = (4 * c + 3) / 1461
        let e = c - (1461 * d) / 4
        let m = (5 * e + 2) / 153
        return CivilDay(year: b * 100 + d - 4800 + m / 10, month: m + 3 - 12 * (m / 10), day: e - (153 * m + 2) / 5 + 1)
    }

    /// The day (Julian day number, at UTC+7) of the k-th new moon after 1 January 1900.
    static func newMoonDay(_ k: Int) -> Int {
        Int((newMoon(Double(k)) + 0.5 + timeZone / 24).rounded(.down))
    }

    /// The moment (Julian date) of the k-th new moon after 1 January 1900 (Meeus).
    static func newMoon(_ k: Double) -> Double {
        let t = k / 1236.85
        let t2 = t * t
        let t3 = t2 * t
        let dr = Double.pi / 180
        var jd1 = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
        let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
        var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
        c1 = c1 - 0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr)
        c1 = c1 - 0.0004 * sin(dr * 3 * mpr)
        c1 = c1 + 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr))
        c1 = c1 - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m))
        c1 = c1 - 0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr))
        c1 = c1 + 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m))
        let deltaT =
            t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2
        return jd1 + c1 - deltaT
    }

    /// The sun's longitude at the start of a day (at UTC+7), as the major term it lies in: 0 to 11.
    static func sunSector(_ dayNumber: Int) -> Int {
        Int((sunLongitude(Double(dayNumber) - 0.5 - timeZone / 24) / Double.pi * 6).rounded(.down))
    }

    /// The sun's apparent longitude in radians, 0 to 2π, at a Julian date (Meeus).
    static func sunLongitude(_ jd: Double) -> Double {
        let t = (jd - 2_451_545.0) / 36525
        let t2 = t * t
        let dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
        dl += (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
        let l = (l0 + dl) * dr
        return l - Double.pi * 2 * (l / (Double.pi * 2)).rounded(.down)
    }

    /// The first day of the eleventh lunar month (the one holding the winter solstice) of civil year `year`.
    static func month11(_ year: Int) -> Int {
        let offset = julianDay(CivilDay(year: year, month: 12, day: 31)) - 2_415_021
        let k = Int((Double(offset) / 29.530588853).rounded(.down))
        let newMoon = newMoonDay(k)
        return sunSector(newMoon) >= 9 ? newMoonDay(k - 1) : newMoon
    }

    /// Which month after the eleventh (counted from 1) is the leap month of a thirteen-month year.
    static func leapMonthOffset(_ a11: Int) -> Int {
        let k = Int(((Double(a11) - 2_415_021.076998695) / 29.530588853 + 0.5).rounded(.down))
        var i = 1
        var arc = sunSector(newMoonDay(k + i))
        var last = 0
        repeat {
            last = arc
            i += 1
            arc = sunSector(newMoonDay(k + i))
        } while arc != last && i < 14
        return i - 1
    }
}
