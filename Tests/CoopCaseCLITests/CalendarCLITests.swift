import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import Testing

/// The working calendar and deadlines at the terminal.
@Suite struct CalendarCLITests {
    @Test func anAdministratorKeepsAYearFromAFileAndEveryBadLineIsNamed() async throws {
        try await TestDatabase.with { test in
            let cooperative = Fixtures.cooperative(serial: 7501)
            try await test.service.cooperatives.create(cooperative, by: nil)
            let cast = try await Fixtures(test.database).cast(for: cooperative)
            let cli = CLI(test: test)
            let listed = try await cli.run([
                "calendar", "list", "--year", "2027", "--csv", "--as", cast.officer.username,
            ])
            #expect(listed.status == 0)
            #expect(listed.stdout.hasPrefix("day,kind,name_vi,name_en,basis\n"))
            #expect(listed.stdout.contains("2027-02-06,dayOff,Tết Âm lịch"))
            let bad = try CLI.file(
                """
                day,kind,name_vi,name_en,basis
                2027-02-05,dayOff,Tết Âm lịch,Lunar New Year,Quyết định thử
                2027-02-29,dayOff,Không có ngày này,No such day,X
                2027-02-10,workingDay,Làm bù,Make-up,X
                """, name: "2027.csv")
            let refused = try await cli.run([
                "calendar", "import", bad, "--year", "2027", "--basis", "Quyết định thử", "--as", cast.admin.username,
            ])
            #expect(refused.status == 65)
            #expect(refused.stderr.contains("2027.csv:3: day: phải là ngày dạng YYYY-MM-DD"), "\(refused.stderr)")
            #expect(refused.stderr.contains("2027.csv:4: day: ngày làm bù phải là thứ Bảy hoặc Chủ nhật"))
            #expect(refused.stderr.contains("không nhập gì"))
            let officer = try await cli.run([
                "calendar", "import", bad, "--year", "2027", "--basis", "X", "--as", cast.officer.username,
            ])
            #expect(officer.status == 2)
            let good = try CLI.file(
                """
                day,kind,name_vi,name_en,basis
                2027-02-05,dayOff,Tết Âm lịch,Lunar New Year,Quyết định thử
                2027-02-08,dayOff,Tết Âm lịch,Lunar New Year,Quyết định thử
                2027-02-20,workingDay,Làm bù,Make-up working day,Quyết định thử
                """, name: "2027.csv")
            let imported = try await cli.run([
                "calendar", "import", good, "--year", "2027", "--basis", "Quyết định thử", "--as", cast.admin.username,
                "--lang", "en",
            ])
            #expect(imported.status == 0 && imported.stdout.contains("Imported 2027: 3 days."), "\(imported.stderr)")
            let history = try await cli.run(["calendar", "history", "--year", "2027", "--as", cast.auditor.username])
            #expect(history.stdout.contains(cast.admin.username) && history.stdout.contains("import"))
            let removed = try await cli.run(["calendar", "remove", "2027-02-08", "--as", cast.admin.username])
            #expect(removed.status == 0)
            let usage = try await cli.run(["calendar", "remove", "8/2/2027", "--as", cast.admin.username])
            #expect(usage.status == 64)
        }
    }

    @Test func showAndTheOverdueListGiveTheCalendarsDueDay() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            let submitted = try await world.act(.submit, try await world.draft())
            let cli = CLI(test: test)
            let shown = try await cli.json([
                "application", "show", submitted.reference.value, "--as", world.cast.officer.username,
            ])
            let deadline = try #require((shown as? [String: Any])?["deadline"] as? [String: Any])
            let due = try #require(submitted.reviewDueAt.map(CivilDay.init))
            #expect(deadline["dueOn"] as? String == due.description)
            let text = try await cli.run([
                "application", "show", submitted.reference.value, "--as", world.cast.officer.username,
            ])
            #expect(
                text.stdout.contains(String(format: "Hạn giải quyết: %02d/%02d/%04d", due.day, due.month, due.year)))
            #expect(text.stdout.contains("ngày làm việc)"))
            let overdue = try await cli.run(["application", "overdue", "--as", world.cast.approver.username])
            #expect(overdue.status == 0 && overdue.stdout.contains("Không có hồ sơ quá hạn."))
        }
    }
}
