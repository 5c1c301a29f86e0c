import ArgumentParser
import CoopCaseAPI
import CoopCaseDomain
import CoopCasePostgres
import Foundation

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users (admin).",
        subcommands: [Add.self, List.self, Disable.self, SetPassword.self])

    /// Reads a password from standard input (`--password-stdin`) or asks for it without echo.
    static func readPassword(stdin: Bool) throws -> String {
        let password: String?
        if stdin {
            password = readLine(strippingNewline: true)
        } else {
            guard let typed = getpass("Mật khẩu / Password: ") else { throw ExitCode(64) }
            password = String(cString: typed)
        }
        guard let password, password.count >= Passwords.minimumLength else {
            printError("The password must be at least \(Passwords.minimumLength) characters.")
            throw ExitCode(64)
        }
        return password
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user; the password is read, never an argument.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Username (a–z, 0–9, . _ -).") var username: String
        @Option(help: "Role: applicant, officer, approver, auditor, lender, admin.") var role: String
        @Option(help: "Full name shown in the history.") var name: String
        @Option(help: "Cooperative code, for applicants.") var cooperative: String?
        @Flag(help: "Read the password from standard input.") var passwordStdin = false

        func run() async throws {
            let settings = try await Settings.load(options)
            guard let role = Role(rawValue: role) else {
                printError(
                    "Unknown role '\(self.role)'. Use one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))."
                )
                throw ExitCode(64)
            }
            let password = try UserCommand.readPassword(stdin: passwordStdin)
            let hash = try await Passwords.hash(password)
            try await withDatabase(settings) { database in
                let actor = try await requireActor(settings, database)
                var cooperativeId: UUID?
                if let cooperative {
                    guard let found = try await database.cooperatives.find(code: cooperative) else {
                        throw DomainError.notFound(entity: "cooperative \(cooperative)")
                    }
                    cooperativeId = found.id
                }
                let user = try await database.users.create(
                    username: username, displayName: name, role: role, cooperativeId: cooperativeId, passwordHash: hash,
                    by: actor)
                settings.json ? try printJSON(user) : print("Created \(user.username) (\(user.role.rawValue)).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users.")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let settings = try await Settings.load(options)
            let users = try await withDatabase(settings) { database in
                try await database.users.list(by: try await requireActor(settings, database))
            }
            if settings.json { return try printJSON(users) }
            var table = Table(headers: ["username", "role", "name", "disabled"])
            table.rows = users.map { [$0.username, $0.role.rawValue, $0.displayName, $0.disabled ? "yes" : ""] }
            print(table.render())
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user; their sessions stop at once.")
        @OptionGroup var options: GlobalOptions
        @Argument var username: String

        func run() async throws {
            let settings = try await Settings.load(options)
            try await withDatabase(settings) { database in
                try await database.users.setDisabled(
                    username: username, true, by: try await requireActor(settings, database))
            }
            print("Disabled \(username).")
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password", abstract: "Set a user's password (read from stdin or a prompt).")
        @OptionGroup var options: GlobalOptions
        @Argument var username: String
        @Flag(help: "Read the password from standard input.") var passwordStdin = false

        func run() async throws {
            let settings = try await Settings.load(options)
            let password = try UserCommand.readPassword(stdin: passwordStdin)
            let hash = try await Passwords.hash(password)
            try await withDatabase(settings) { database in
                try await database.users.setPassword(
                    username: username, hash: hash, by: try await requireActor(settings, database))
            }
            print("Password set for \(username).")
        }
    }
}
