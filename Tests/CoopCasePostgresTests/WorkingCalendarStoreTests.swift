import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import PostgresNIO
import Synchronization
import Testing

/// The working calendar held in PostgreSQL, kept by administrators, and the deadlines counted on it.
@Suite struct WorkingCalendarStoreTests {
    static func at(_ y: Int, _ m: Int, _ d: Int, _ hour: Int) -> Date {
        StatutoryClock.midnight(of: CivilDay(year: y, month: m, day: d)).addingTimeInterval(Double(hour * 3600))
    }

    @Test func theShippedYearsAreInstalledAsTheDomainComputesThem() async throws {
        try await TestDatabase.with { test in
            let admin = try await Fixtures(test.database).cast(for: Self.cooperative(test, 7401)).admin
            let (entries, years) = try await test.service.calendar.list(year: nil, by: admin)
            #expect(years == Array(StatutoryCalendar.shippedYears))
            let shipped = StatutoryCalendar.shippedYears.flatMap(StatutoryCalendar.entries(for:))
            #expect(entries.sorted { $0.day < $1.day } == shipped.sorted { $0.day < $1.day })
            let installs = try await test.service.calendar.changes(year: nil, by: admin)
            #expect(installs.count == StatutoryCalendar.shippedYears.count)
            #expect(installs.allSatisfy { $0.change == "install" && $0.username == "coopcase" })
            // Installing again leaves what is there.
            #expect(try await test.service.calendar.installShipped().isEmpty)
        }
    }

    @Test func administratorsAddRemoveAndImportAndEachChangeNamesWhoMadeIt() async throws {
        try await TestDatabase.with { test in
            let cast = try await Fixtures(test.database).cast(for: Self.cooperative(test, 7402))
            let calendar = test.service.calendar
            let day = CivilDay(year: 2027, month: 3, day: 8)
            let entry = CalendarEntry(
                day: day, kind: .dayOff, name: LocalizedText(vi: "Nghỉ thử", en: "Trial day off"),
                basis: "Quyết định thử nghiệm")
            #expect(
                await refusal { try await calendar.add(entry, by: cast.officer) }
                    == .notPermitted(permission: .manageCalendar, role: .officer))
            try await calendar.add(entry, by: cast.admin)
            #expect(
                await refusal { try await calendar.add(entry, by: cast.admin) }
                    == .conflict(entity: .calendarEntry, key: "2027-03-08"))
            #expect(!(try await calendar.calendar().isWorkingDay(day)))
            let weekdayMakeUp = CalendarEntry(day: day.next, kind: .workingDay, name: entry.name, basis: entry.basis)
            #expect(
                await refusal { try await calendar.add(weekdayMakeUp, by: cast.admin) }
                    == .validation(field: "day", reason: .makeUpDayOnWeekday))
            #expect(try await calendar.remove(day, by: cast.admin) == entry)
            #expect(try await calendar.calendar().isWorkingDay(day))
            #expect(
                await refusal { try await calendar.remove(day, by: cast.admin) }
                    == .notFound(entity: .calendarEntry, key: "2027-03-08"))
            let changes = try await calendar.changes(year: 2027, by: cast.auditor)
            #expect(changes.prefix(2).map(\.change) == ["remove", "add"])
            #expect(changes.prefix(2).allSatisfy { $0.username == cast.admin.username && $0.day == day })

            // A file with bad lines changes nothing and names every line.
            let bad = """
                day,kind,name_vi,name_en,basis
                2031-01-01,dayOff,Tết Dương lịch,New Year's Day,Bộ luật Lao động 2019
                2031-02-30,dayOff,Sai ngày,Bad day,X
                2031-01-04,workingDay,Làm bù,Make-up,X
                2030-05-01,dayOff,Năm khác,Other year,X
                2031-01-01,dayOff,Lặp,Repeated,X
                """
            do {
                _ = try await calendar.importYear(2031, csv: bad, basis: "Quyết định 2031", by: cast.admin)
                Issue.record("a bad file was imported")
            } catch FileImportError.invalidLines(let problems) {
                #expect(problems.map(\.line) == [3, 5, 6])
            }
            #expect(try await calendar.calendar().coveredYears?.contains(2031) == false)
            // A good one covers the year.
            let good = """
                day,kind,name_vi,name_en,basis
                2031-01-01,dayOff,Tết Dương lịch,New Year's Day,Bộ luật Lao động 2019
                2031-01-04,workingDay,Làm bù,Make-up,"Quyết định 2031, Điều 1"
                """
            let imported = try await calendar.importYear(2031, csv: good, basis: "Quyết định 2031", by: cast.admin)
            #expect(imported.count == 2)
            let after = try await calendar.calendar()
            #expect(after.coveredYears?.contains(2031) == true)
            #expect(after.isWorkingDay(CivilDay(year: 2031, month: 1, day: 4)))
            #expect(try await calendar.changes(year: 2031, by: cast.admin).first?.change == "import")
        }
    }

    @Test func theReviewClockPausesOverTetAndTheIntakeClockCountsOfficeHours() async throws {
        let now = Mutex(Self.at(2026, 2, 9, 9))
        try await TestDatabase.with(clock: { now.withLock { $0 } }) { test in
            let world = try await World.make(test, now: Self.at(2026, 2, 9, 9), reviewDays: 10)
            var application = try await world.act(.submit, try await world.draft())
            #expect(application.reviewDueAt.map(CivilDay.init) == CivilDay(year: 2026, month: 3, day: 2))
            #expect(application.intakeDueAt == Self.at(2026, 2, 10, 9))
            application = try await world.act(.startReview, application)
            now.withLock { $0 = Self.at(2026, 2, 9, 15) }
            application = try await world.act(.requestInfo, application)
            now.withLock { $0 = Self.at(2026, 2, 23, 10) }
            application = try await world.act(.resubmit, application)
            #expect(application.reviewDueAt.map(CivilDay.init) == CivilDay(year: 2026, month: 3, day: 9))
            let events = try await world.applications.events(
                reference: application.reference.value, by: world.cast.auditor)
            let dues = try events.map { try JSONDecoder().decode(AuditEventBody.self, from: $0.body).reviewDueOn }
            #expect(dues.compactMap { $0 } == ["2026-03-02", "2026-03-09"])
            // Late by two working days on Wednesday 11 March, with its officer on the overdue list.
            now.withLock { $0 = Self.at(2026, 3, 11, 9) }
            let deadline = try await world.applications.deadline(of: application)
            #expect(
                deadline
                    == Deadline(
                        dueOn: CivilDay(year: 2026, month: 3, day: 9), phase: .running, workingDaysLate: 2,
                        workingDaysLeft: 0))
            let overdue = try await world.applications.overdue(by: world.cast.approver)
            #expect(overdue.map(\.reference) == [application.reference.value])
            #expect(overdue.first?.workingDaysLate == 2 && overdue.first?.assignee == world.cast.officer.username)
            #expect(
                await refusal { _ = try await world.applications.overdue(by: world.cast.lender) }
                    == .notPermitted(permission: .readDeadlines, role: .lender))
            // Decided: off the list, and late by the decision's day.
            application = try await world.act(.recommend, application)
            application = try await world.act(.approve, application)
            #expect(try await world.applications.overdue(by: world.cast.approver).isEmpty)
            #expect(try await world.applications.deadline(of: application)?.phase == .stopped)
        }
    }

    @Test func aSubmissionNotTakenUpWithinEightOfficeHoursIsOverdue() async throws {
        let now = Mutex(Self.at(2026, 3, 3, 15))
        try await TestDatabase.with(clock: { now.withLock { $0 } }) { test in
            let world = try await World.make(test, now: Self.at(2026, 3, 3, 15))
            let application = try await world.act(.submit, try await world.draft())
            now.withLock { $0 = Self.at(2026, 3, 4, 14) }
            #expect(try await world.applications.overdue(by: world.cast.officer).isEmpty)
            now.withLock { $0 = Self.at(2026, 3, 4, 16) }
            let overdue = try await world.applications.overdue(by: world.cast.officer)
            #expect(overdue.map(\.clock) == [.intake] && overdue.first?.assignee == nil)
            #expect(overdue.first?.reference == application.reference.value)
        }
    }

    @Test func aDeadlineInAYearTheCalendarDoesNotCoverIsRefusedAndChangesNothing() async throws {
        let now = Mutex(Self.at(2026, 12, 21, 9))
        try await TestDatabase.with(clock: { now.withLock { $0 } }) { test in
            let world = try await World.make(test, now: Self.at(2026, 12, 21, 9), reviewDays: 15)
            try await test.owner.query("DELETE FROM calendar_years WHERE year = 2027", logger: test.database.logger)
            test.database.calendarCache.forget()
            let draft = try await world.draft()
            let before = try await world.snapshot(draft)
            #expect(await refusal { _ = try await world.act(.submit, draft) } == .calendarNotCovered(year: 2027))
            #expect(try await world.snapshot(draft) == before)
        }
    }

    static func cooperative(_ test: TestDatabase, _ serial: Int) async throws -> Cooperative {
        let cooperative = Fixtures.cooperative(serial: serial)
        try await test.service.cooperatives.create(cooperative, by: nil)
        return cooperative
    }
}
