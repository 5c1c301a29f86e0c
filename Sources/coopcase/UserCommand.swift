import ArgumentParser
import CoopCaseAPI
import CoopCaseDomain
import CoopCaseService
import Foundation

struct UserCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "user", vi: "Quản lý người dùng (quản trị).", en: "Manage users (admin).",
        subcommands: [Add.self, List.self, Disable.self, SetPassword.self])

    /// Reads a password from standard input (`--password-stdin`) or asks for it without echo.
    static func readPassword(stdin: Bool) throws -> String {
        let password: String?
        if stdin {
            password = readLine(strippingNewline: true)
        } else {
            guard let typed = getpass(say(vi: "Mật khẩu: ", en: "Password: ")) else { throw ExitCode.usage }
            password = String(cString: typed)
        }
        guard let password, Passwords.isLongEnough(password) else {
            printError(
                say(
                    vi: "Mật khẩu phải có ít nhất \(Passwords.minimumLength) ký tự.",
                    en: "The password must be at least \(Passwords.minimumLength) characters."))
            throw ExitCode.usage
        }
        return password
    }

    struct Add: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Tạo người dùng; mật khẩu được đọc vào, không bao giờ là tham số.",
            en: "Create a user; the password is read, never an argument.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Tên đăng nhập (a–z, 0–9, . _ -).", en: "Username (a–z, 0–9, . _ -).")) var username:
            String
        @Option(
            help: help(vi: "Vai trò:", en: "Role:", choices: Role.self, \.label, valueName: "role"))
        var role: Role
        @Option(help: help(vi: "Họ tên hiện trong nhật ký.", en: "Full name shown in the history.")) var name: String
        @Option(help: help(vi: "Mã số thuế hợp tác xã, với người nộp hồ sơ.", en: "Cooperative code, for applicants."))
        var cooperative: String?
        @Flag(help: help(vi: "Đọc mật khẩu từ đầu vào chuẩn.", en: "Read the password from standard input."))
        var passwordStdin = false

        func run() async throws {
            let settings = try await Settings.load(options)
            let password = try UserCommand.readPassword(stdin: passwordStdin)
            let cost = try Passwords.cost(settings.reader)
            try await withDatabase(settings) { service in
                let actor = try await requireActor(settings, service)
                var cooperativeId: UUID?
                if let cooperative {
                    guard let found = try await service.cooperatives.find(code: cooperative) else {
                        throw DomainError.notFound(entity: .cooperative, key: cooperative)
                    }
                    cooperativeId = found.id
                }
                let user = try await service.users.create(
                    username: username, displayName: name, role: role, cooperativeId: cooperativeId, password: password,
                    cost: cost, by: actor)
                if settings.json { return try printJSON(user) }
                print(
                    say(
                        vi: "Đã tạo \(user.username) (\(user.role.label.vi)).",
                        en: "Created \(user.username) (\(user.role.label.en))."))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = coopcase.configuration(vi: "Danh sách người dùng.", en: "List users.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let settings = try await Settings.load(options)
            let users = try await withDatabase(settings) { service in
                try await service.users.list(by: try await requireActor(settings, service))
            }
            if settings.json { return try printJSON(users) }
            var table = Table(
                headers: [
                    say(vi: "tên đăng nhập", en: "username"), say(vi: "vai trò", en: "role"),
                    say(vi: "họ tên", en: "name"),
                    say(vi: "đã khoá", en: "disabled"),
                ])
            table.rows = users.map {
                [$0.username, say($0.role.label), $0.displayName, $0.disabled ? say(vi: "có", en: "yes") : ""]
            }
            print(table.render())
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Khoá một người dùng; các phiên của họ dừng ngay.", en: "Disable a user; their sessions stop at once.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Tên đăng nhập.", en: "Username.")) var username: String

        func run() async throws {
            let settings = try await Settings.load(options)
            try await withDatabase(settings) { service in
                try await service.users.setDisabled(
                    username: username, true, by: try await requireActor(settings, service))
            }
            print(say(vi: "Đã khoá \(username).", en: "Disabled \(username)."))
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            "set-password", vi: "Đặt mật khẩu cho người dùng (đọc từ đầu vào chuẩn hoặc hỏi).",
            en: "Set a user's password (read from stdin or a prompt).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Tên đăng nhập.", en: "Username.")) var username: String
        @Flag(help: help(vi: "Đọc mật khẩu từ đầu vào chuẩn.", en: "Read the password from standard input."))
        var passwordStdin = false

        func run() async throws {
            let settings = try await Settings.load(options)
            let password = try UserCommand.readPassword(stdin: passwordStdin)
            let cost = try Passwords.cost(settings.reader)
            try await withDatabase(settings) { service in
                try await service.users.setPassword(
                    username: username, password: password, cost: cost, by: try await requireActor(settings, service))
            }
            print(say(vi: "Đã đặt mật khẩu cho \(username).", en: "Password set for \(username)."))
        }
    }
}

extension Role: ExpressibleByArgument {
    public static var allValueStrings: [String] { [] }
}
