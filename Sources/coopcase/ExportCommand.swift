import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Crypto
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "export", vi: "Xuất dữ liệu cho kiểm toán.", en: "Exports for auditors.", subcommands: [CaseHistories.self])

    struct CaseHistories: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            "case-histories",
            vi: "Hồ sơ và nhật ký của chúng (JSON Lines và CSV) kèm manifest.json, kiểm được khi không có mạng.",
            en: "Applications and their events (JSON Lines and CSV) with manifest.json, checkable offline.",
            discussion: LocalizedText(
                vi: "Kiểm gói ở bất cứ đâu, không cần cơ sở dữ liệu: coopcase audit verify --bundle THƯ_MỤC",
                en: "Verify the bundle anywhere, without a database: coopcase audit verify --bundle DIR"))
        @OptionGroup var options: GlobalOptions
        @Option(
            help: help(
                vi: "Thư mục ghi gói (được tạo; phải trống).",
                en: "Folder to write the bundle into (created; must be empty)."))
        var out: String
        @Option(help: help(vi: "Chỉ chương trình này (mã).", en: "Only this programme (its code).")) var programme:
            String?
        @Option(
            help: help(
                vi: "Chỉ hồ sơ tạo từ ngày này (YYYY-MM-DD).",
                en: "Only applications created on or after this day (YYYY-MM-DD)."))
        var from: String?
        @Option(
            help: help(
                vi: "Chỉ hồ sơ tạo trước ngày này (YYYY-MM-DD).",
                en: "Only applications created before this day (YYYY-MM-DD)."))
        var to: String?
        @Option(help: help(vi: "Chỉ hồ sơ đang ở trạng thái này.", en: "Only applications now in this state."))
        var state: ApplicationState?

        func run() async throws {
            let settings = try await Settings.load(options)
            let directory = URL(fileURLWithPath: out)
            if let existing = try? FileManager.default.contentsOfDirectory(atPath: out), !existing.isEmpty {
                printError(
                    say(
                        vi: "\(out) không trống; hãy xuất vào một thư mục mới.",
                        en: "\(out) is not empty; export into a new folder."))
                throw ExitCode.cannotCreate
            }
            let filters = ExportManifest.Filters(programme: programme, from: from, to: to, state: state?.rawValue)
            let manifest = try await withDatabase(settings) { service in
                try await service.audit.exportCaseHistories(
                    to: directory, filters: filters, by: try await requireActor(settings, service)
                ) { events in showProgress(say(vi: "đã xuất \(events) sự kiện", en: "exported \(events) events")) }
            }
            showProgress("", done: false)
            if settings.json { return try printJSON(manifest) }
            let checkpoint = manifest.checkpoint.map(\.id)
            print(
                say(
                    vi: "Đã xuất \(manifest.applications) hồ sơ và \(manifest.events) sự kiện vào \(out)"
                        + (checkpoint.map { " (kèm điểm kiểm #\($0))" } ?? " (chưa có điểm kiểm)") + ".",
                    en: "Exported \(manifest.applications) applications and \(manifest.events) events to \(out)"
                        + (checkpoint.map { " (checkpoint #\($0) included)" } ?? " (no checkpoint yet)") + "."))
        }
    }
}
