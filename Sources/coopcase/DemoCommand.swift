import ArgumentParser
import CoopCaseAPI
import CoopCaseDomain
import CoopCasePostgres
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Demo data.", subcommands: [Seed.self])

    struct Seed: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the Kinh Môn demo: 52 cooperatives, four programmes, applications in every state.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let settings = try await Settings.load(options)
            let report = try await withDatabase(settings) { database in
                let issuer: DemoSeed.PasswordIssuer = {
                    let password = Passwords.generate()
                    return (password, try await Passwords.hash(password, cost: 10))
                }
                return try await DemoSeed(database: database, passwords: issuer).run { stage, done, total in
                    showProgress("\(stage): \(done)/\(total)", done: done == total)
                }
            }
            if settings.json { return try printJSON(report) }
            print(
                """
                Demo data: \(report.cooperativesCreated) cooperatives, \(report.programmesCreated) programmes, \
                \(report.applicationsCreated) applications, \(report.usersCreated.count) users created.
                """)
            if !report.passwords.isEmpty {
                print("Passwords of the users just created (shown once, not stored in clear):")
                var table = Table(headers: ["user", "password"])
                for username in report.usersCreated where report.passwords[username] != nil {
                    table.rows.append([username, report.passwords[username]!])
                }
                print(table.render())
            }
            if report.cooperativesCreated + report.programmesCreated + report.applicationsCreated == 0 {
                print("Everything was already there; nothing was duplicated.")
            }
        }
    }
}
