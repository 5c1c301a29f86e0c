import ArgumentParser
import CoopCaseDomain
import CoopCasePostgres
import Crypto
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Audit trail: signing keys, checkpoints, verification.",
        subcommands: [Keygen.self, Checkpoint.self, Verify.self])

    /// The signing key named by `--key`, else `audit.signingKeyFile` in the configuration.
    static func signingKey(_ path: String?, _ settings: Settings) throws -> Curve25519.Signing.PrivateKey {
        guard let path = path ?? settings.reader.string(forKey: "audit.signingKeyFile") else {
            printError(
                "No signing key: pass --key FILE or set COOPCASE_AUDIT_SIGNING_KEY_FILE (make one with `coopcase audit keygen`)."
            )
            throw ExitCode(64)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            printError("Cannot read the signing key \(path).")
            throw ExitCode(66)
        }
        do {
            return try AuditCheckpoint.privateKey(fromFileContents: text)
        } catch {
            printError("\(path) is not a CoopCase signing key (base64 of 32 bytes).")
            throw ExitCode(65)
        }
    }

    struct Keygen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make an Ed25519 signing key: FILE (private, mode 0600) and FILE.pub (public, for auditors).")
        @Option(help: "Where to write the private key.") var out: String

        func run() async throws {
            guard !FileManager.default.fileExists(atPath: out) else {
                printError("\(out) exists; refusing to overwrite a signing key.")
                throw ExitCode(73)
            }
            let key = Curve25519.Signing.PrivateKey()
            guard
                FileManager.default.createFile(
                    atPath: out, contents: Data((key.rawRepresentation.base64EncodedString() + "\n").utf8),
                    attributes: [.posixPermissions: 0o600])
            else {
                printError("Cannot write \(out).")
                throw ExitCode(73)
            }
            let publicKey = key.publicKey.rawRepresentation.base64EncodedString()
            try Data((publicKey + "\n").utf8).write(to: URL(fileURLWithPath: out + ".pub"))
            print("Signing key written to \(out); public key (give it to auditors) in \(out).pub: \(publicKey)")
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Sign a checkpoint over every chain head now.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Signing key file (default: audit.signingKeyFile from the configuration).") var key: String?

        func run() async throws {
            let settings = try await Settings.load(options)
            let signingKey = try AuditCommand.signingKey(key, settings)
            let checkpoint = try await withDatabase(settings) { database in
                try await requireActor(settings, database).require(.verifyAudit)
                return try await database.audit.checkpoint(signingKey: signingKey)
            }
            if settings.json { return try printJSON(checkpoint.body) }
            print(
                "Checkpoint #\(checkpoint.id): \(checkpoint.body.applications) applications, \(checkpoint.body.events) events, heads \(checkpoint.body.headsDigest.prefix(16))…"
            )
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every event hash, chain head and checkpoint; name what is broken.")

        @OptionGroup var options: GlobalOptions
        @Option(
            help: "Trusted public key file (FILE.pub from keygen): checkpoints signed by any other key are flagged.")
        var publicKey: String?

        @Option(help: "Check an exported bundle folder offline instead of the database.") var bundle: String?

        func run() async throws {
            let settings = try await Settings.load(options)
            let trusted = try publicKey.map { path -> Data in
                guard let text = try? String(contentsOfFile: path, encoding: .utf8),
                    let data = Data(base64Encoded: text.trimmed()),
                    data.count == 32
                else {
                    printError("\(path) is not a public key (base64 of 32 bytes).")
                    throw ExitCode(65)
                }
                return data
            }
            if let bundle {
                return try BundleCheck.run(
                    directory: bundle, trustedKey: trusted, language: Language(preferring: settings.language))
            }
            let (chains, checkpoints) = try await withDatabase(settings) { database in
                let actor = try await requireActor(settings, database)
                let chains = try await database.audit.verifyChains(by: actor) { applications, events in
                    showProgress("verified \(applications) applications, \(events) events")
                }
                showProgress("verifying checkpoints…")
                let checkpoints = try await database.audit.verifyCheckpoints(trustedKey: trusted, by: actor)
                showProgress("", done: false)
                return (chains, checkpoints)
            }
            let en = Language(preferring: settings.language) == .en
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
            for problem in chains.breaks { printError("BROKEN: \(problem)") }
            for problem in checkpoints.problems { printError("BROKEN: \(problem)") }
            printError(
                en
                    ? "\(chains.breaks.count) broken chain(s), \(checkpoints.problems.count) checkpoint problem(s)."
                    : "\(chains.breaks.count) chuỗi bị phá vỡ, \(checkpoints.problems.count) lỗi điểm kiểm.")
            throw ExitCode(1)
        }
    }
}
