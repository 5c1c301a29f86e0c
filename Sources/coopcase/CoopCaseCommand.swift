import ArgumentParser

@main
struct CoopCaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coopcase",
        abstract: "CoopCase: support programmes for cooperatives — applications, review, decisions, audit.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, UserCommand.self, CooperativeCommand.self, ProgrammeCommand.self,
            ApplicationCommand.self, DemoCommand.self, ReportCommand.self, WorkflowCommand.self, AuditCommand.self,
            ExportCommand.self,
        ])
}
