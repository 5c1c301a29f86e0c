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

/// Reads a file line by line in 1 MiB chunks. A cursor moves through the buffer; consumed bytes are dropped
/// only when the next chunk is read, so each byte is copied once.
final class LineReader: LineSource {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var cursor = 0
    private var finished = false
    private(set) var number = 0

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    deinit { try? handle.close() }

    func next() throws -> Data? {
        while true {
            if let end = buffer[cursor...].firstIndex(of: 0x0A) {
                let line = Data(buffer[cursor..<end])
                cursor = end + 1
                number += 1
                return line
            }
            if finished {
                guard cursor < buffer.count else { return nil }
                defer { cursor = buffer.count }
                number += 1
                return Data(buffer[cursor...])
            }
            if let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                buffer.removeSubrange(0..<cursor)
                cursor = 0
                buffer.append(contentsOf: chunk)
            } else {
                finished = true
            }
        }
    }
}

/// Checks an exported bundle offline: no database, only the files and (optionally) the trusted public key.
/// Memory stays flat: files are streamed, and the chains are checked one application at a time.
enum BundleCheck {
    static func run(directory: String, trustedKey: Data?, language: Language) throws {
        let folder = URL(fileURLWithPath: directory)
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        guard let data = FileManager.default.contents(atPath: path("manifest.json")),
            let manifest = try? JSONDecoder().decode(ExportManifest.self, from: data)
        else {
            printError(BundleVerifier.Problem.manifestUnreadable.text(language))
            throw ExitCode.broken
        }
        var verifier = BundleVerifier(manifest: manifest)
        for name in ExportManifest.files + ExportManifest.addedFiles.filter({ manifest.files[$0] != nil }) {
            guard let expected = manifest.files[name], let handle = FileHandle(forReadingAtPath: path(name)) else {
                verifier.record(.missingFile(name))
                continue
            }
            var hasher = SHA256()
            var lines = 0
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                lines += chunk.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }
            }
            try handle.close()
            verifier.check(file: name, against: expected, sha256: AuditCheckpoint.hex(hasher.finalize()), lines: lines)
        }
        if verifier.problems.allSatisfy({ if case .missingFile = $0 { false } else { true } }) {
            try checkChains(folder: folder, verifier: &verifier)
        }
        showProgress("", done: false)
        verifier.finish(trustedKey: trustedKey)
        let en = language == .en
        if verifier.problems.isEmpty {
            print(
                en
                    ? "Bundle OK: \(verifier.applications) applications, \(verifier.events) events, every file and chain intact"
                        + (manifest.checkpoint.map { ", checkpoint #\($0.id) signature valid" } ?? ", no checkpoint")
                        + "."
                    : "Gói hợp lệ: \(verifier.applications) hồ sơ, \(verifier.events) sự kiện, mọi tệp và chuỗi nguyên vẹn"
                        + (manifest.checkpoint.map { ", chữ ký điểm kiểm #\($0.id) hợp lệ" } ?? ", chưa có điểm kiểm")
                        + ".")
            return
        }
        for problem in verifier.problems { printError((en ? "BROKEN: " : "HỎNG: ") + problem.text(language)) }
        printError(
            en ? "\(verifier.problems.count) problem(s) in the bundle." : "\(verifier.problems.count) lỗi trong gói.")
        throw ExitCode.broken
    }

    static func checkChains(folder: URL, verifier: inout BundleVerifier) throws {
        guard let events = LineReader(path: folder.appendingPathComponent("events.jsonl").path),
            let heads = LineReader(path: folder.appendingPathComponent("heads.jsonl").path),
            let attested = LineReader(path: folder.appendingPathComponent("checkpoint-heads.jsonl").path)
        else { return }
        try verifier.checkChains(events: events, heads: heads, attested: attested) { applications in
            showProgress(say(vi: "đã kiểm \(applications) hồ sơ", en: "checked \(applications) applications"))
        }
    }
}
