import ArgumentParser
import Foundation

@main
struct CoopCaseCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "coopcase",
        vi: "CoopCase: chương trình hỗ trợ hợp tác xã — hồ sơ, thẩm định, quyết định, kiểm toán.",
        en: "CoopCase: support programmes for cooperatives — applications, review, decisions, audit.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, UserCommand.self, CooperativeCommand.self, ProgrammeCommand.self,
            ApplicationCommand.self, DemoCommand.self, ReportCommand.self, WorkflowCommand.self, AuditCommand.self,
            ExportCommand.self, CalendarCommand.self, PlacesCommand.self, SlipCommand.self,
        ])

    /// As argument-parser's own entry point, after a misspelled subcommand has been answered with a suggestion.
    static func main() async {
        if let unknown = CommandSuggestion.unknown(in: Array(CommandLine.arguments.dropFirst()), root: Self.self) {
            printError(unknown)
            Foundation.exit(ExitCode.usage.rawValue)
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
