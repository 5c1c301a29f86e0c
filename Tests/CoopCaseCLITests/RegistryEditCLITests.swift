import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import Testing

/// Registry edits and rule versions at the terminal.
@Suite struct RegistryEditCLITests {
    @Test func anOfficerEditsACooperativeAndTheHistoryNamesEachField() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            let cli = CLI(test: test)
            let code = world.cooperative.code.value
            let officer = world.cast.officer.username
            let edited = try await cli.run([
                "cooperative", "edit", code, "--members", "41", "--ward", "11008:Phường Nhị Chiểu", "--no-district",
                "--as", officer,
            ])
            #expect(edited.status == 0 && edited.stdout.contains("phiên bản 2"), "\(edited.stderr)")
            let stale = try await cli.run([
                "cooperative", "edit", code, "--members", "5", "--if-version", "1", "--as", officer,
            ])
            #expect(stale.status == 2 && stale.stderr.contains("Dữ liệu đã thay đổi"), "\(stale.stderr)")
            let history = try await cli.run(["cooperative", "history", code, "--as", world.cast.auditor.username])
            #expect(history.stdout.contains("Số thành viên") && history.stdout.contains("41"), "\(history.stdout)")
            #expect(history.stdout.contains("Phường Nhị Chiểu (11008)") && history.stdout.contains(officer))
            let applicant = try await cli.run([
                "cooperative", "edit", code, "--members", "5", "--as", world.cast.applicant.username,
            ])
            #expect(applicant.status == 2)
        }
    }

    @Test func anAdministratorIssuesARuleVersion() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test, rules: [.minMembers(10)])
            let cli = CLI(test: test)
            let file = try CLI.file(#"{"rules":[{"rule":"minMembers","value":12}]}"#, name: "rules.json")
            let issued = try await cli.run([
                "programme", "rules", world.programme.code, file, "--as", world.cast.admin.username, "--lang", "en",
            ])
            #expect(issued.status == 0 && issued.stdout.contains("Issued rule version 2"), "\(issued.stderr)")
            let versions = try await cli.run([
                "programme", "rule-versions", world.programme.code, "--as", world.cast.officer.username,
            ])
            #expect(versions.stdout.contains("Phiên bản 1") && versions.stdout.contains("Phiên bản 2"))
            #expect(versions.stdout.contains(#""value":12"#), "\(versions.stdout)")
            let bad = try CLI.file(#"{"rules":[{"rule":"noSuchRule"}]}"#, name: "rules.json")
            let refused = try await cli.run([
                "programme", "rules", world.programme.code, bad, "--as", world.cast.admin.username,
            ])
            #expect(refused.status == 65)
        }
    }
}
