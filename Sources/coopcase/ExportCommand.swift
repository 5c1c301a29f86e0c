import ArgumentParser
import CoopCaseDomain
import CoopCasePostgres
import Crypto
import Foundation

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Exports for auditors.", subcommands: [CaseHistories.self])

    struct CaseHistories: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "case-histories",
            abstract: "Applications and their events (JSON Lines and CSV) with manifest.json, checkable offline.",
            discussion: "Verify the bundle anywhere, without a database: coopcase audit verify --bundle DIR")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Folder to write the bundle into (created; must be empty).") var out: String
        @Option(help: "Only this programme (its code).") var programme: String?
        @Option(help: "Only applications created on or after this day (YYYY-MM-DD).") var from: String?
        @Option(help: "Only applications created before this day (YYYY-MM-DD).") var to: String?
        @Option(help: "Only applications now in this state.") var state: String?

        func run() async throws {
            let settings = try await Settings.load(options)
            let directory = URL(fileURLWithPath: out)
            if let existing = try? FileManager.default.contentsOfDirectory(atPath: out), !existing.isEmpty {
                printError("\(out) is not empty; export into a new folder.")
                throw ExitCode(73)
            }
            let filters = ExportManifest.Filters(programme: programme, from: from, to: to, state: state)
            let manifest = try await withDatabase(settings) { database in
                try await database.audit.exportCaseHistories(
                    to: directory, filters: filters, by: try await requireActor(settings, database)
                ) { events in showProgress("exported \(events) events") }
            }
            showProgress("", done: false)
            if settings.json { return try printJSON(manifest) }
            print(
                "Exported \(manifest.applications) applications and \(manifest.events) events to \(out)"
                    + (manifest.checkpoint.map { " (checkpoint #\($0.id) included)" } ?? " (no checkpoint yet)") + ".")
        }
    }
}

/// Checks an exported bundle offline: no database, only the files and (optionally) the trusted public key.
enum BundleCheck {
    static func run(directory: String, trustedKey: Data?, language: Language) throws {
        let folder = URL(fileURLWithPath: directory)
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("manifest.json").path),
            let manifest = try? JSONDecoder().decode(ExportManifest.self, from: data)
        else {
            printError(BundleVerifier.Problem.manifestUnreadable.description)
            throw ExitCode(1)
        }
        var verifier = BundleVerifier(manifest: manifest)
        var problems: [BundleVerifier.Problem] = []
        for name in ExportManifest.files {
            guard let expected = manifest.files[name] else {
                problems.append(.missingFile(name))
                continue
            }
            let path = folder.appendingPathComponent(name).path
            guard let handle = FileHandle(forReadingAtPath: path) else {
                problems.append(.missingFile(name))
                continue
            }
            var hasher = SHA256()
            var lines = 0
            var pending = Data()
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
                pending.append(chunk)
                while let end = pending.firstIndex(of: 0x0A) {
                    let line = pending[pending.startIndex..<end]
                    lines += 1
                    if name == "events.jsonl" { verifier.feed(eventLine: Data(line), number: lines) }
                    pending.removeSubrange(pending.startIndex...end)
                }
                showProgress("checking \(name): \(lines) lines")
            }
            try handle.close()
            if AuditCheckpoint.hex(Data(hasher.finalize())) != expected.sha256 {
                problems.append(.fileDigestMismatch(name))
            }
            let rows = name.hasSuffix(".csv") ? lines - 1 : lines
            if rows != expected.rows { problems.append(.rowCountMismatch(name)) }
        }
        showProgress("", done: false)
        verifier.finish(trustedKey: trustedKey)
        problems += verifier.problems
        let en = language == .en
        if problems.isEmpty {
            print(
                en
                    ? "Bundle OK: \(manifest.applications) applications, \(verifier.events) events, every file and chain intact"
                        + (manifest.checkpoint.map { ", checkpoint #\($0.id) signature valid" } ?? ", no checkpoint")
                        + "."
                    : "Gói hợp lệ: \(manifest.applications) hồ sơ, \(verifier.events) sự kiện, mọi tệp và chuỗi nguyên vẹn"
                        + (manifest.checkpoint.map { ", chữ ký điểm kiểm #\($0.id) hợp lệ" } ?? ", chưa có điểm kiểm")
                        + ".")
            return
        }
        for problem in problems { printError("BROKEN: \(problem)") }
        printError(en ? "\(problems.count) problem(s) in the bundle." : "\(problems.count) lỗi trong gói.")
        throw ExitCode(1)
    }
}
