import ArgumentParser
import Testing

@testable import coopcase

/// Every command parsed as argument-parser parses it, without running anything: each answers `--help`, refuses an
/// option it does not take as bad usage (64), and the commands with rules of their own apply them in `validate()`.
@Suite struct ParseTests {
    /// Every command that runs (the leaves of the tree), with the words that reach it.
    static func leaves(of command: any ParsableCommand.Type, path: [String] = []) -> [[String]] {
        let subcommands = command.configuration.subcommands
        guard !subcommands.isEmpty else { return [path] }
        return subcommands.flatMap { leaves(of: $0, path: path + [CommandSuggestion.name(of: $0)]) }
    }

    static let all = leaves(of: CoopCaseCommand.self)

    func exitCode(_ arguments: [String]) -> Int32 {
        do {
            _ = try CoopCaseCommand.parseAsRoot(arguments)
            return 0
        } catch {
            return CoopCaseCommand.exitCode(for: error).rawValue
        }
    }

    @Test func theTreeHasEveryCommand() {
        #expect(Self.all.count >= 30, "\(Self.all.count) commands")
        for action in ["recommend", "approve", "fulfil", "close", "startReview", "requestInfo"] {
            #expect(Self.all.contains(["application", action]))
        }
        #expect(Self.all.contains(["cooperative", "import"]) && Self.all.contains(["audit", "verify"]))
    }

    @Test(arguments: all) func everyCommandAnswersHelpAndRefusesAnUnknownOption(_ path: [String]) {
        #expect(exitCode(path + ["--help"]) == 0, "\(path) --help")
        #expect(exitCode(path + ["--no-such-option"]) == ExitCode.usage.rawValue, "\(path)")
        #expect(exitCode(path + ["--lang", "fr"]) == ExitCode.usage.rawValue, "\(path) --lang fr")
    }

    @Test func anActionParsesToItsOwnCommandWithItsOptions() throws {
        let parsed = try CoopCaseCommand.parseAsRoot([
            "application", "recommend", "VAY-2026-000123-3", "--award", "--amount", "5000000", "--reason", "Đủ",
            "--as", "canbo.hoa", "--if-version", "4",
        ])
        let recommend = try #require(parsed as? ActionCommands.Recommend)
        #expect(recommend.amount == 5_000_000 && recommend.reason == "Đủ" && recommend.verdict == .award)
        #expect(recommend.target.reference == "VAY-2026-000123-3" && recommend.target.ifVersion == 4)
    }

    @Test func rulesOfUsageAreTheCommandsOwn() {
        // An award needs its amount; a deny does not.
        #expect(exitCode(["application", "recommend", "R", "--award", "--reason", "x"]) == ExitCode.usage.rawValue)
        #expect(exitCode(["application", "recommend", "R", "--deny", "--reason", "x"]) == 0)
        // A required option or argument left out.
        #expect(exitCode(["application", "recommend", "R", "--deny"]) == ExitCode.usage.rawValue)
        #expect(exitCode(["application", "approve"]) == ExitCode.usage.rawValue)
        // A number that is not one, and one past Int64.
        #expect(
            exitCode(["application", "recommend", "R", "--award", "--amount", "năm", "--reason", "x"])
                == ExitCode.usage.rawValue)
        #expect(
            exitCode(["application", "recommend", "R", "--award", "--amount", "9223372036854775808", "--reason", "x"])
                == ExitCode.usage.rawValue)
        // A value outside an option's choices.
        #expect(exitCode(["workflow", "--format", "pdf"]) == ExitCode.usage.rawValue)
        #expect(exitCode(["workflow", "--format", "markdown"]) == 0)
    }
}
