import ArgumentParser
import CoopCaseDomain
import CoopCasePostgres
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Audit trail checks.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every event hash and chain head; name the first broken link of each application.")

        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let settings = try await Settings.load(options)
            let report = try await withDatabase(settings) { database in
                try await database.audit.verifyChains(by: try await requireActor(settings, database)) {
                    applications, events in
                    showProgress("verified \(applications) applications, \(events) events")
                }
            }
            showProgress("", done: false)
            let en = Language(preferring: settings.language) == .en
            if report.breaks.isEmpty {
                print(
                    en
                        ? "OK: \(report.applications) applications, \(report.events) events, every chain intact."
                        : "Hợp lệ: \(report.applications) hồ sơ, \(report.events) sự kiện, mọi chuỗi nguyên vẹn.")
                return
            }
            for problem in report.breaks { printError("BROKEN: \(problem)") }
            printError(
                en
                    ? "\(report.breaks.count) broken chain(s) among \(report.applications) applications."
                    : "\(report.breaks.count) chuỗi bị phá vỡ trong \(report.applications) hồ sơ.")
            throw ExitCode(1)
        }
    }
}
