import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation

/// The one-stop slips, printable on A5: the desk hands them to a cooperative that came in person.
struct SlipCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "slip",
        vi:
            "In phiếu một cửa của hồ sơ (HTML in khổ A5): receipt = giấy tiếp nhận và hẹn trả kết quả, supplement = phiếu yêu cầu bổ sung, apology = phiếu xin lỗi và hẹn lại.",
        en:
            "Print an application's one-stop slip (HTML for A5): receipt = receipt and appointment, supplement = request to supplement, apology = apology with a new date."
    )
    @OptionGroup var options: GlobalOptions
    @Argument(help: help(vi: "receipt, supplement hoặc apology.", en: "receipt, supplement or apology.")) var kind:
        String
    @Argument(help: help(vi: "Mã hồ sơ.", en: "The application's reference.")) var reference: String
    @Option(help: help(vi: "Ghi vào tệp này thay vì in ra.", en: "Write to this file instead of printing."))
    var out: String?

    func run() async throws {
        let settings = try await Settings.load(options)
        guard let kind = Slip.Kind(rawValue: kind) else {
            printError(
                say(
                    vi: "Loại phiếu phải là receipt, supplement hoặc apology.",
                    en: "The slip is receipt, supplement or apology."))
            throw ExitCode.usage
        }
        let office = try Office(reader: settings.reader)
        let slip = try await withDatabase(settings) { service in
            try await service.slips.slip(
                kind, reference: reference, issuer: office, by: try await requireActor(settings, service))
        }
        if settings.json { return try printJSON(["kind": kind.rawValue, "text": slip.text]) }
        let html = SlipHTML.render(slip, style: .inline)
        guard let out else { return print(html) }
        do {
            try html.write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            printError(say(vi: "Không ghi được tệp \(out).", en: "Cannot write \(out)."))
            throw ExitCode.cannotCreate
        }
        print(say(vi: "Đã ghi \(slip.title.lowercased()) vào \(out).", en: "Wrote the slip to \(out)."))
    }
}
