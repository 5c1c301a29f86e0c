import CoopCaseDomain
import Foundation
import Testing

/// Working days with public holidays, days off and make-up Saturdays held as data.
@Suite struct HolidayCalendarTests {
    static let basis = "Thông báo nghỉ Tết Âm lịch 2026 (ví dụ trong kiểm thử)"

    /// The civil service's Tết break of 2026, 14–22 February: the five working days 16–20 February off.
    static let tet2026: [CalendarEntry] = (16...20).map {
        CalendarEntry(
            day: CivilDay(year: 2026, month: 2, day: $0), kind: .dayOff, name: LocalizedText(vi: "Tết", en: "Tết"),
            basis: basis)
    }

    @Test func aTetDeadlineSkipsTheBreak() throws {
        let calendar = WorkingCalendar(entries: Self.tet2026, covering: 2026...2026)
        let submitted = CivilDay(year: 2026, month: 2, day: 12)
        #expect(submitted.weekday == 3)  // a Thursday
        #expect(try calendar.day(adding: 10, to: submitted) == CivilDay(year: 2026, month: 3, day: 5))
        // Weekends alone would say 26 February.
        #expect(try WorkingCalendar().day(adding: 10, to: submitted) == CivilDay(year: 2026, month: 2, day: 26))
    }

    @Test func aMakeUpSaturdayIsAWorkingDay() throws {
        let saturday = CivilDay(year: 2026, month: 2, day: 28)
        #expect(saturday.weekday == 5)
        let entries =
            Self.tet2026 + [
                CalendarEntry(
                    day: saturday, kind: .workingDay, name: LocalizedText(vi: "Làm bù", en: "Make-up day"),
                    basis: Self.basis)
            ]
        let calendar = WorkingCalendar(entries: entries, covering: 2026...2026)
        #expect(calendar.isWorkingDay(saturday))
        #expect(
            try calendar.day(adding: 10, to: CivilDay(year: 2026, month: 2, day: 12))
                == CivilDay(year: 2026, month: 3, day: 4))
    }

    @Test func aDeadlinePastTheCoveredYearsIsRefused() throws {
        let calendar = WorkingCalendar(entries: Self.tet2026, covering: 2026...2026)
        #expect(throws: DomainError.calendarNotCovered(year: 2027)) {
            try calendar.day(adding: 10, to: CivilDay(year: 2026, month: 12, day: 28))
        }
        #expect(
            try calendar.day(adding: 2, to: CivilDay(year: 2026, month: 12, day: 28))
                == CivilDay(year: 2026, month: 12, day: 30))
    }

    @Test func countingBackGivesTheCountAndNoDeadlineFallsOnADayOff() throws {
        let calendar = WorkingCalendar(entries: Self.tet2026, covering: 2026...2027)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let start = CivilDay(
                julianDay: CivilDay(year: 2026, month: 1, day: 1).julianDay + Int.random(in: 0..<365, using: &generator)
            )
            let count = Int.random(in: 0...60, using: &generator)
            let due = try calendar.day(adding: count, to: start)
            #expect(calendar.workingDays(after: start, through: due) == count, "\(start) + \(count)")
            if count > 0 {
                #expect(calendar.isWorkingDay(due), "\(start) + \(count) = \(due)")
                #expect(!Self.tet2026.map(\.day).contains(due))
            }
        }
    }

    @Test func daysAreCountedInVietnamWhateverTheServersZone() {
        // 23:30 UTC on 11 February is already the 12th in Vietnam.
        let lateEvening = Date(timeIntervalSince1970: 1_770_852_600)  // 2026-02-11T23:30:00Z
        #expect(CivilDay(lateEvening) == CivilDay(year: 2026, month: 2, day: 12))
        #expect(CivilDay(Date(timeIntervalSince1970: 0)) == CivilDay(year: 1970, month: 1, day: 1))
        #expect(CivilDay(Date(timeIntervalSince1970: -25_200)) == CivilDay(year: 1970, month: 1, day: 1))
        #expect(CivilDay(Date(timeIntervalSince1970: -25_201)) == CivilDay(year: 1969, month: 12, day: 31))
    }
}
