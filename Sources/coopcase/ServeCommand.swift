import ArgumentParser
import CoopCaseAPI
import CoopCaseDomain
import CoopCaseService
import Foundation
import Hummingbird
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "serve",
        vi: "Chạy REST API và các trang. Dừng êm khi nhận SIGTERM/SIGINT: các yêu cầu đang xử lý được làm xong trước.",
        en: "Run the REST API and the pages. Stops gracefully on SIGTERM/SIGINT: in-flight requests finish first.")

    @OptionGroup var options: GlobalOptions

    @Option(
        name: .long,
        help: help(vi: "Địa chỉ lắng nghe (mặc định 127.0.0.1).", en: "Address to listen on (default 127.0.0.1)."))
    var host: String?

    @Option(name: .long, help: help(vi: "Cổng lắng nghe (mặc định 8080).", en: "Port to listen on (default 8080)."))
    var port: Int?

    func run() async throws {
        var flags: [String: String] = [:]
        flags["COOPCASE_HTTP_HOST"] = host
        flags["COOPCASE_HTTP_PORT"] = port.map(String.init)
        let settings = try await Settings.load(options, extra: flags)
        if settings.reader.string(forKey: "log.format") == "json" {
            LoggingSystem.bootstrap { JSONLogHandler(label: $0) }
        }
        do {
            let app = try await buildApplication(reader: settings.reader)
            try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
            settings.logger.info("coopcase stopped")
        } catch let error as DomainError {
            // A setting out of range: said as the other commands say refusals.
            printError("coopcase serve: " + refusal(error, CLILanguage.current))
            throw ExitCode.usage
        } catch let error as SetupError {
            printError("coopcase serve: " + error.text(CLILanguage.current))
            throw ExitCode.migrations
        } catch {
            // The operator's console: the full cause is wanted here (clients never see it).
            printError(say(vi: "coopcase serve đã dừng: ", en: "coopcase serve stopped: ") + String(reflecting: error))
            throw ExitCode(1)
        }
    }
}
