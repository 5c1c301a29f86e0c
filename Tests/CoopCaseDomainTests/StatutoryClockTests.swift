import CoopCaseDomain
import Foundation
import Testing

/// The shipped working calendar and the statutory clocks counted on it.
@Suite struct StatutoryClockTests {
    static let shipped = WorkingCalendar(
        entries: StatutoryCalendar.shippedYears.flatMap(StatutoryCalendar.entries(for:)),
        covering: StatutoryCalendar.shippedYears)
    static let clock = StatutoryClock(calendar: shipped)

    static func day(_ y: Int, _ m: Int, _ d: Int) -> CivilDay { CivilDay(year: y, month: m, day: d) }
    /// A moment in Vietnam: day and hour:minute at UTC+7.
    static func at(_ y: Int, _ m: Int, _ d: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        StatutoryClock.midnight(of: day(y, m, d)).addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    @Test func theIssuesGoldenDateHoldsOnTheShippedCalendar() throws {
        // Thursday 12 February 2026 + 10 working days, over the Tết break of 14–22 February.
        #expect(try Self.clock.reviewDue(from: Self.at(2026, 2, 12, 10), workingDays: 10) == Self.day(2026, 3, 5))
    }

    @Test func thePublishedDaysOf2025And2026AreShipped() {
        let days2026 = Dictionary(uniqueKeysWithValues: StatutoryCalendar.entries(for: 2026).map { ($0.day, $0.kind) })
        for off in [
            (1, 1), (1, 2), (2, 16), (2, 17), (2, 18), (2, 19), (2, 20), (4, 27), (4, 30), (5, 1), (8, 31), (9, 1),
            (9, 2),
        ] {
            #expect(days2026[Self.day(2026, off.0, off.1)] == .dayOff, "2026-\(off.0)-\(off.1)")
        }
        #expect(days2026[Self.day(2026, 1, 10)] == .workingDay)
        #expect(days2026[Self.day(2026, 8, 22)] == .workingDay)
        let days2025 = Dictionary(uniqueKeysWithValues: StatutoryCalendar.entries(for: 2025).map { ($0.day, $0.kind) })
        for off in [
            (1, 1), (1, 27), (1, 28), (1, 29), (1, 30), (1, 31), (4, 7), (4, 30), (5, 1), (5, 2), (9, 1), (9, 2),
        ] {
            #expect(days2025[Self.day(2025, off.0, off.1)] == .dayOff, "2025-\(off.0)-\(off.1)")
        }
        #expect(days2025[Self.day(2025, 4, 26)] == .workingDay)
        // The civil service's breaks as announced: 9 days at Tết 2026, 5 at National Day 2026, 5 at 30 April 2025.
        #expect(Self.offRun(around: Self.day(2026, 2, 17)) == (Self.day(2026, 2, 14), Self.day(2026, 2, 22)))
        #expect(Self.offRun(around: Self.day(2026, 9, 2)) == (Self.day(2026, 8, 29), Self.day(2026, 9, 2)))
        #expect(Self.offRun(around: Self.day(2025, 4, 30)) == (Self.day(2025, 4, 30), Self.day(2025, 5, 4)))
        #expect(Self.offRun(around: Self.day(2025, 1, 29)) == (Self.day(2025, 1, 25), Self.day(2025, 2, 2)))
    }

    /// The first and last day of the run of days off around `day`.
    static func offRun(around day: CivilDay) -> (CivilDay, CivilDay) {
        var first = day
        var last = day
        while !shipped.isWorkingDay(CivilDay(julianDay: first.julianDay - 1)) {
            first = CivilDay(julianDay: first.julianDay - 1)
        }
        while !shipped.isWorkingDay(last.next) { last = last.next }
        return (first, last)
    }

    @Test(arguments: 2027...2030)
    func computedYearsHoldArticle112sElevenDaysAndDaysInLieu(year: Int) throws {
        let entries = StatutoryCalendar.computed(year)
        let statutory = entries.filter { !$0.name.vi.hasPrefix("Nghỉ bù") }
        #expect(statutory.count == 11)
        let tet = try #require(LunarCalendar.civil(LunarCalendar.Day(day: 1, month: 1, year: year)))
        #expect(statutory.contains { $0.day == tet && $0.name.vi == "Tết Âm lịch" })
        // Every holiday on a weekend has a day in lieu, on a weekday that is not itself a holiday.
        let onWeekends = statutory.filter { $0.day.weekday >= 5 }.count
        let inLieu = entries.filter { $0.name.vi.hasPrefix("Nghỉ bù") }
        #expect(inLieu.count == onWeekends)
        #expect(inLieu.allSatisfy { $0.day.weekday < 5 && !statutory.map(\.day).contains($0.day) })
        #expect(Set(entries.map(\.day)).count == entries.count)
    }

    @Test func tet2027FallsOnASaturdayAndGivesTwoDaysInLieu() {
        let entries = StatutoryCalendar.computed(2027)
        #expect(Self.day(2027, 2, 6).weekday == 5)
        for off in 5...11 { #expect(entries.contains { $0.day == Self.day(2027, 2, off) }, "2027-02-\(off)") }
        #expect(Self.shipped.isWorkingDay(Self.day(2027, 2, 12)))
    }

    @Test func aMakeUpSaturdayCounts() throws {
        // Thursday 8 January 2026: Friday 9th, then Saturday 10th, worked to make up for 2 January.
        #expect(try Self.shipped.day(adding: 2, to: Self.day(2026, 1, 8)) == Self.day(2026, 1, 10))
    }

    @Test func aRequestForInformationSpanningTetAddsNothingToTheClock() throws {
        let submitted = Self.at(2026, 2, 9, 9)
        let due = try Self.clock.reviewDue(from: submitted, workingDays: 10)
        #expect(due == Self.day(2026, 3, 2))
        // Asked the same day; the answer comes after Tết, on Monday 23 February.
        let resumed = try Self.clock.resumed(
            due: due, pausedAt: Self.at(2026, 2, 9, 15), resumedAt: Self.at(2026, 2, 23, 10))
        #expect(resumed == Self.day(2026, 3, 9))
        // The review days left are what they were when the clock stopped.
        #expect(Self.shipped.workingDays(after: Self.day(2026, 2, 9), through: due) == 10)
        #expect(Self.shipped.workingDays(after: Self.day(2026, 2, 23), through: resumed) == 10)
    }

    @Test func theIntakeClockCountsEightOfficeHours() throws {
        // Friday afternoon before Tết: two hours that day, six on the first day back.
        #expect(try Self.clock.intakeDue(from: Self.at(2026, 2, 13, 15)) == Self.at(2026, 2, 23, 15))
        // In the evening: the whole next working day.
        #expect(try Self.clock.intakeDue(from: Self.at(2026, 2, 12, 20)) == Self.at(2026, 2, 13, 17))
        // During lunch: from 13:00.
        #expect(try Self.clock.intakeDue(from: Self.at(2026, 3, 3, 12, 30)) == Self.at(2026, 3, 4, 12))
        // On the make-up Saturday 10 January 2026: seven hours that day, one on Monday.
        #expect(try Self.clock.intakeDue(from: Self.at(2026, 1, 10, 9)) == Self.at(2026, 1, 12, 9))
    }

    @Test func aDeadlinePastTheShippedYearsIsRefused() {
        #expect(throws: DomainError.calendarNotCovered(year: 2031)) {
            try Self.clock.reviewDue(from: Self.at(2030, 12, 20, 9), workingDays: 15)
        }
    }

    @Test func randomDeadlinesNeverFallOnADayOffAndCountBack() throws {
        var generator = SystemRandomNumberGenerator()
        let first = Self.day(2025, 1, 1).julianDay
        let last = Self.day(2030, 9, 30).julianDay
        for _ in 0..<3000 {
            let start = CivilDay(julianDay: Int.random(in: first...last, using: &generator))
            let count = Int.random(in: 1...60, using: &generator)
            let due = try Self.shipped.day(adding: count, to: start)
            #expect(Self.shipped.isWorkingDay(due), "\(start) + \(count) = \(due)")
            #expect(Self.shipped.workingDays(after: start, through: due) == count, "\(start) + \(count)")
        }
    }

    /// The count by arithmetic against a walk over every day, across years, holidays, make-up days and ranges
    /// from none to several years, on the shipped calendar and on the weekends-only one.
    @Test func countingWorkingDaysByArithmeticAgreesWithWalkingEveryDay() {
        var generator = SystemRandomNumberGenerator()
        let first = Self.day(2024, 6, 1).julianDay
        let last = Self.day(2031, 6, 30).julianDay
        func walked(_ calendar: WorkingCalendar, _ start: CivilDay, _ end: CivilDay) -> Int {
            var (count, day) = (0, start)
            while day < end {
                day = day.next
                if calendar.isWorkingDay(day) { count += 1 }
            }
            return count
        }
        for calendar in [Self.shipped, WorkingCalendar()] {
            for _ in 0..<2000 {
                let start = CivilDay(julianDay: Int.random(in: first...last, using: &generator))
                let end = CivilDay(julianDay: start.julianDay + Int.random(in: -3...900, using: &generator))
                #expect(
                    calendar.workingDays(after: start, through: end) == walked(calendar, start, end), "\(start)–\(end)")
            }
        }
        // Around the 2026 Tết break (14–22 February) and the make-up Saturday 10 January 2026.
        #expect(Self.shipped.workingDays(after: Self.day(2026, 2, 13), through: Self.day(2026, 2, 23)) == 1)
        #expect(Self.shipped.workingDays(after: Self.day(2026, 1, 9), through: Self.day(2026, 1, 12)) == 2)
    }

    @Test func theStandingSaysLateLeftPausedAndStopped() throws {
        var application = Application(
            id: UUID(), reference: PublicReference(kind: .equipmentGrant, year: 2026, serial: 1), programmeId: UUID(),
            cooperativeId: UUID(), request: ApplicationRequest(amount: 1, purpose: "x"), createdBy: UUID(),
            at: Self.at(2026, 2, 12, 9))
        application.state = .underReview
        application.reviewDueAt = StatutoryClock.closing(of: Self.day(2026, 3, 5))
        let onTime = try #require(Self.clock.standing(of: application, at: Self.at(2026, 3, 2, 9)))
        #expect(
            onTime == Deadline(dueOn: Self.day(2026, 3, 5), phase: .running, workingDaysLate: 0, workingDaysLeft: 3))
        let dueDay = try #require(Self.clock.standing(of: application, at: Self.at(2026, 3, 5, 16)))
        #expect(!dueDay.isLate && dueDay.workingDaysLeft == 0)
        let late = try #require(Self.clock.standing(of: application, at: Self.at(2026, 3, 10, 9)))
        #expect(late.isLate && late.workingDaysLate == 3)
        application.state = .recommended
        #expect(Self.clock.standing(of: application, at: Self.at(2026, 3, 10, 9))?.phase == .running)
        application.state = .needsInfo
        application.clockPausedAt = Self.at(2026, 3, 3, 9)
        let paused = try #require(Self.clock.standing(of: application, at: Self.at(2026, 4, 10, 9)))
        #expect(paused.phase == .paused && !paused.isLate)
        application.state = .approved
        application.decidedAt = Self.at(2026, 3, 9, 11)
        let stopped = try #require(Self.clock.standing(of: application, at: Self.at(2026, 6, 1, 9)))
        #expect(stopped.phase == .stopped && stopped.workingDaysLate == 2)
        application.state = .draft
        #expect(Self.clock.standing(of: application, at: Self.at(2026, 6, 1, 9)) == nil)
    }
}
