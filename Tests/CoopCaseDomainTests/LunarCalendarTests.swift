import CoopCaseDomain
import Testing

/// The lunar calendar against dates the Vietnamese government published, and against itself over a century.
@Suite struct LunarCalendarTests {
    typealias Civil = CivilDay

    /// Tết Nguyên đán (1/1), as the Prime Minister's decisions on the Tết break name it (2025, 2026) and the
    /// Vietnamese calendars print it. 2030 is not decided yet, and Vietnam's Tết falls a day before China's that year:
    /// the new moon is at 23:07 on 2 February at UTC+7, 00:07 on the 3rd at UTC+8.
    static let tet: [Int: Civil] = [
        2025: Civil(year: 2025, month: 1, day: 29), 2026: Civil(year: 2026, month: 2, day: 17),
        2027: Civil(year: 2027, month: 2, day: 6), 2028: Civil(year: 2028, month: 1, day: 26),
        2029: Civil(year: 2029, month: 2, day: 13), 2030: Civil(year: 2030, month: 2, day: 2),
    ]

    /// Giỗ Tổ Hùng Vương (10/3).
    static let hungKings: [Int: Civil] = [
        2025: Civil(year: 2025, month: 4, day: 7), 2026: Civil(year: 2026, month: 4, day: 26),
        2027: Civil(year: 2027, month: 4, day: 16), 2028: Civil(year: 2028, month: 4, day: 4),
        2029: Civil(year: 2029, month: 4, day: 23), 2030: Civil(year: 2030, month: 4, day: 12),
    ]

    @Test(arguments: 2025...2030) func tetAndTheHungKingsDayFallOnThePublishedDays(_ year: Int) throws {
        let tet = try #require(Self.tet[year])
        let hung = try #require(Self.hungKings[year])
        #expect(LunarCalendar.civil(.init(day: 1, month: 1, year: year)) == tet)
        #expect(LunarCalendar.lunar(tet) == .init(day: 1, month: 1, year: year))
        #expect(LunarCalendar.civil(.init(day: 10, month: 3, year: year)) == hung)
        #expect(LunarCalendar.lunar(hung) == .init(day: 10, month: 3, year: year))
    }

    @Test func leapMonthsAreWhereTheCalendarsPutThem() {
        // Quý Mão 2023: a leap second month from 22 March; Ất Tỵ 2025: a leap sixth month from 25 July.
        #expect(
            LunarCalendar.civil(.init(day: 1, month: 2, year: 2023, leap: true)) == Civil(year: 2023, month: 3, day: 22)
        )
        #expect(
            LunarCalendar.civil(.init(day: 1, month: 6, year: 2025, leap: true)) == Civil(year: 2025, month: 7, day: 25)
        )
        #expect(
            LunarCalendar.lunar(Civil(year: 2025, month: 8, day: 1)) == .init(day: 8, month: 6, year: 2025, leap: true))
        // A year without that leap month, and a month without a 30th.
        #expect(LunarCalendar.civil(.init(day: 1, month: 6, year: 2026, leap: true)) == nil)
        #expect(LunarCalendar.civil(.init(day: 30, month: 13, year: 2026)) == nil)
        #expect(LunarCalendar.civil(.init(day: 1, month: 1, year: 99999)) == nil)
    }

    @Test func everyDayOfTheCenturyRoundTripsAndFollowsTheDayBefore() throws {
        var civil = Civil(year: 2000, month: 1, day: 1)
        var previous = LunarCalendar.lunar(civil)
        var days = 0
        var tets = 0
        let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        while civil.year < 2101 {
            let lunar = LunarCalendar.lunar(civil)
            #expect(LunarCalendar.civil(lunar) == civil, "\(civil) → \(lunar)")
            if days > 0 {
                // The next day of the same month, or the first of the next.
                #expect(
                    lunar.day == previous.day + 1 && lunar.month == previous.month && lunar.leap == previous.leap
                        || lunar.day == 1 && (previous.day == 29 || previous.day == 30), "\(civil)")
            }
            if lunar.day == 1 && lunar.month == 1 && !lunar.leap { tets += 1 }
            previous = lunar
            days += 1
            let leapYear = civil.year % 4 == 0 && (civil.year % 100 != 0 || civil.year % 400 == 0)
            let length = civil.month == 2 && leapYear ? 29 : lengths[civil.month - 1]
            if civil.day < length {
                civil.day += 1
            } else if civil.month < 12 {
                civil = Civil(year: civil.year, month: civil.month + 1, day: 1)
            } else {
                civil = Civil(year: civil.year + 1, month: 1, day: 1)
            }
        }
        #expect(days == 36_890)
        #expect(tets == 101)
    }
}
