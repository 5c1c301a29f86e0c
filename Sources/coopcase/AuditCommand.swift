import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Crypto
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "audit", vi: "Nhật ký kiểm toán: khoá ký, điểm kiểm, kiểm tra.",
        en: "Audit trail: signing keys, checkpoints, verification.",
        subcommands: [Keygen.self, Checkpoint.self, Verify.self])

    /// The signing key named by `--key`, else `audit.signingKeyFile` in the configuration.
    static func signingKey(_ path: String?, _ settings: Settings) throws -> Curve25519.Signing.PrivateKey {
        guard let path = path ?? settings.reader.string(forKey: "audit.signingKeyFile") else {
            printError(
                say(
                    vi:
                        "Chưa có khoá ký: dùng --key TỆP hoặc đặt COOPCASE_AUDIT_SIGNING_KEY_FILE (tạo khoá bằng `coopcase audit keygen`).",
                    en:
                        "No signing key: pass --key FILE or set COOPCASE_AUDIT_SIGNING_KEY_FILE (make one with `coopcase audit keygen`)."
                ))
            throw ExitCode.usage
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            printError(say(vi: "Không đọc được khoá ký \(path).", en: "Cannot read the signing key \(path)."))
            throw ExitCode.noInput
        }
        do {
            return try AuditCheckpoint.privateKey(fromFileContents: text)
        } catch {
            printError(
                say(
                    vi: "\(path) không phải khoá ký CoopCase (base64 của 32 byte).",
                    en: "\(path) is not a CoopCase signing key (base64 of 32 bytes)."))
            throw ExitCode.dataError
        }
    }

    struct Keygen: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Tạo khoá ký Ed25519: TỆP (khoá bí mật, quyền 0600) và TỆP.pub (khoá công khai, trao cho kiểm toán).",
            en: "Make an Ed25519 signing key: FILE (private, mode 0600) and FILE.pub (public, for auditors).")
        @Option(help: help(vi: "Nơi ghi khoá bí mật.", en: "Where to write the private key.")) var out: String
        @Option(help: help(vi: "Ngôn ngữ: vi (mặc định) hoặc en.", en: "Language: vi (default) or en.")) var lang:
            String?

        func run() async throws {
            guard !FileManager.default.fileExists(atPath: out) else {
                printError(
                    say(
                        vi: "\(out) đã có; không ghi đè một khoá ký.",
                        en: "\(out) exists; refusing to overwrite a signing key."))
                throw ExitCode.cannotCreate
            }
            let key = Curve25519.Signing.PrivateKey()
            guard
                FileManager.default.createFile(
                    atPath: out, contents: Data((key.rawRepresentation.base64EncodedString() + "\n").utf8),
                    attributes: [.posixPermissions: 0o600])
            else {
                printError(say(vi: "Không ghi được \(out).", en: "Cannot write \(out)."))
                throw ExitCode.cannotCreate
            }
            let publicKey = key.publicKey.rawRepresentation.base64EncodedString()
            try Data((publicKey + "\n").utf8).write(to: URL(fileURLWithPath: out + ".pub"))
            print(
                say(
                    vi: "Đã ghi khoá ký vào \(out); khoá công khai (trao cho kiểm toán) ở \(out).pub: \(publicKey)",
                    en: "Signing key written to \(out); public key (give it to auditors) in \(out).pub: \(publicKey)"))
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Ký ngay một điểm kiểm trên mọi đầu chuỗi.", en: "Sign a checkpoint over every chain head now.")
        @OptionGroup var options: GlobalOptions
        @Option(
            help: help(
                vi: "Tệp khoá ký (mặc định: audit.signingKeyFile trong cấu hình).",
                en: "Signing key file (default: audit.signingKeyFile from the configuration)."))
        var key: String?

        func run() async throws {
            let settings = try await Settings.load(options)
            let signingKey = try AuditCommand.signingKey(key, settings)
            let checkpoint = try await withDatabase(settings) { service in
                try await requireActor(settings, service).require(.verifyAudit)
                return try await service.audit.checkpoint(signingKey: signingKey)
            }
            if settings.json { return try printJSON(checkpoint.body) }
            let body = checkpoint.body
            print(
                say(
                    vi:
                        "Điểm kiểm #\(checkpoint.id): \(body.applications) hồ sơ, \(body.events) sự kiện, mã các đầu chuỗi \(body.headsDigest.prefix(16))…",
                    en:
                        "Checkpoint #\(checkpoint.id): \(body.applications) applications, \(body.events) events, heads \(body.headsDigest.prefix(16))…"
                ))
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Tính lại mọi mã băm sự kiện, đầu chuỗi và điểm kiểm; chỉ rõ chỗ bị phá vỡ.",
            en: "Recompute every event hash, chain head and checkpoint; name what is broken.")

        @OptionGroup var options: GlobalOptions
        @Option(
            help: help(
                vi: "Tệp khoá công khai tin cậy (TỆP.pub do keygen tạo): điểm kiểm ký bằng khoá khác bị đánh dấu.",
                en: "Trusted public key file (FILE.pub from keygen): checkpoints signed by any other key are flagged."))
        var publicKey: String?

        @Option(
            help: help(
                vi: "Kiểm một thư mục gói đã xuất, không cần cơ sở dữ liệu.",
                en: "Check an exported bundle folder offline instead of the database."))
        var bundle: String?

        func run() async throws {
            let settings = try await Settings.load(options)
            let trusted = try publicKey.map { path -> Data in
                guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                    let data = Data(base64Encoded: text.trimmed()),
                    data.count == 32
                else {
                    printError(
                        say(
                            vi: "\(path) không phải khoá công khai (base64 của 32 byte).",
                            en: "\(path) is not a public key (base64 of 32 bytes)."))
                    throw ExitCode.dataError
                }
                return data
            }
            if let bundle {
                return try BundleReport.print(directory: bundle, trustedKey: trusted, language: CLILanguage.current)
            }
            let (chains, checkpoints) = try await withDatabase(settings) { service in
                let actor = try await requireActor(settings, service)
                let chains = try await service.audit.verifyChains(by: actor) { applications, events in
                    showProgress(
                        say(
                            vi: "đã kiểm \(applications) hồ sơ, \(events) sự kiện",
                            en: "verified \(applications) applications, \(events) events"))
                }
                showProgress(say(vi: "đang kiểm các điểm kiểm…", en: "verifying checkpoints…"))
                let checkpoints = try await service.audit.verifyCheckpoints(trustedKey: trusted, by: actor)
                showProgress("", done: false)
                return (chains, checkpoints)
            }
            let language = CLILanguage.current
            let en = language == .en
            if chains.breaks.isEmpty && checkpoints.problems.isEmpty {
                let keyNote =
                    trusted == nil && checkpoints.checkpoints > 0
                    ? (en
                        ? " (signatures checked against each checkpoint's own key; pass --public-key to check who signed)"
                        : " (chữ ký được kiểm theo khoá lưu kèm; dùng --public-key để kiểm người ký)") : ""
                print(
                    en
                        ? "OK: \(chains.applications) applications, \(chains.events) events, \(checkpoints.checkpoints) checkpoints; every chain and checkpoint intact\(keyNote)."
                        : "Hợp lệ: \(chains.applications) hồ sơ, \(chains.events) sự kiện, \(checkpoints.checkpoints) điểm kiểm; mọi chuỗi và điểm kiểm nguyên vẹn\(keyNote)."
                )
                return
            }
            let broken = say(vi: "HỎNG: ", en: "BROKEN: ")
            for problem in chains.breaks { printError(broken + problem.text(language)) }
            for problem in checkpoints.problems { printError(broken + problem.text(language)) }
            printError(
                en
                    ? "\(chains.breaks.count) broken chain(s), \(checkpoints.problems.count) checkpoint problem(s)."
                    : "\(chains.breaks.count) chuỗi bị phá vỡ, \(checkpoints.problems.count) lỗi điểm kiểm.")
            throw ExitCode.broken
        }
    }
}
