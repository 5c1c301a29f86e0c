import ArgumentParser
import CoopCaseAPI
import CoopCaseDomain
import Foundation
import Hummingbird

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the REST API. Stops gracefully on SIGTERM/SIGINT: in-flight requests finish first.")

    @OptionGroup var options: GlobalOptions

    @Option(name: .long, help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (default 8080).")
    var port: Int?

    func run() async throws {
        var flags: [String: String] = [:]
        flags["COOPCASE_HTTP_HOST"] = host
        flags["COOPCASE_HTTP_PORT"] = port.map(String.init)
        let settings = try await Settings.load(options, extra: flags)
        do {
            let app = try await buildApplication(reader: settings.reader)
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch let error as DomainError {
            // A setting out of range: said as the other commands say refusals.
            printError("coopcase serve: " + refusal(error, Language(preferring: settings.language)))
            throw ExitCode(64)
        } catch {
            // The operator's console: the full cause is wanted here (clients never see it).
            printError("coopcase serve stopped: \(String(reflecting: error))")
            throw ExitCode(1)
        }
    }
}
