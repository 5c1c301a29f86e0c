import ArgumentParser
import CoopCaseAPI
import CoopCaseDomain
import CoopCaseService
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "demo", vi: "Dữ liệu minh hoạ.", en: "Demo data.", subcommands: [Seed.self])

    struct Seed: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Nạp dữ liệu minh hoạ Kinh Môn: 52 hợp tác xã, bốn chương trình, hồ sơ ở mọi trạng thái.",
            en: "Load the Kinh Môn demo: 52 cooperatives, four programmes, applications in every state.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let settings = try await Settings.load(options)
            let report = try await withDatabase(settings) { service in
                let cost = try Passwords.cost(settings.reader)
                let issuer: DemoSeed.PasswordIssuer = {
                    let password = Passwords.generate()
                    return (password, try await Passwords.hash(password, cost: cost))
                }
                return try await DemoSeed(service: service, passwords: issuer).run { stage, done, total in
                    showProgress("\(say(stage.label)): \(done)/\(total)", done: done == total)
                }
            }
            if settings.json { return try printJSON(report) }
            print(
                say(
                    vi:
                        "Dữ liệu minh hoạ: đã tạo \(report.cooperativesCreated) hợp tác xã, \(report.programmesCreated) chương trình, \(report.applicationsCreated) hồ sơ, \(report.usersCreated.count) người dùng.",
                    en:
                        "Demo data: \(report.cooperativesCreated) cooperatives, \(report.programmesCreated) programmes, \(report.applicationsCreated) applications, \(report.usersCreated.count) users created."
                ))
            if !report.passwords.isEmpty {
                print(
                    say(
                        vi: "Mật khẩu của các người dùng vừa tạo (chỉ hiện một lần, không lưu dạng rõ):",
                        en: "Passwords of the users just created (shown once, not stored in clear):"))
                var table = Table(headers: [say(vi: "người dùng", en: "user"), say(vi: "mật khẩu", en: "password")])
                for username in report.usersCreated where report.passwords[username] != nil {
                    table.rows.append([username, report.passwords[username]!])
                }
                print(table.render())
            }
            if report.cooperativesCreated + report.programmesCreated + report.applicationsCreated == 0 {
                print(
                    say(
                        vi: "Mọi thứ đã có sẵn; không tạo trùng gì.",
                        en: "Everything was already there; nothing was duplicated."))
            }
        }
    }
}
