import CoopCaseTestSupport
import Foundation

/// Runs the built `coopcase` executable against a test database, as an officer at a terminal would.
struct CLI {
    let test: TestDatabase
    /// Set as COOPCASE_ACTOR, the alternative to `--as`.
    var actor: String?

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/coopcase")
    }()

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["COOPCASE_DATABASE_URL"] = test.applicationURL
        let admin = TestDatabase.adminSettings
        environment["COOPCASE_MIGRATION_DATABASE_URL"] =
            "postgres://\(admin.username)@\(admin.host):\(admin.port)/\(test.name)"
        environment["COOPCASE_LOG_LEVEL"] = "error"
        // Every password the CLI sets follows the configured cost; the lowest keeps the tests quick.
        environment["COOPCASE_AUTH_BCRYPT_COST"] = "4"
        environment["COOPCASE_ACTOR"] = actor
        return environment
    }

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) async throws -> Result {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = Self.binary.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a full pipe can never block the child.
        async let out = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }.value
        async let err = Task.detached { errors.fileHandleForReading.readDataToEndOfFile() }.value
        let (stdoutData, stderrData) = await (out, err)
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }

    func json(_ arguments: [String]) async throws -> Any {
        let result = try await run(arguments + ["--json"])
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// One folder for the files the tests write, removed when the test process exits.
    static let scratch: URL = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coopcase-cli-\(UUID())")
        atexit { try? FileManager.default.removeItem(at: CLI.scratch) }
        return folder
    }()

    /// Writes `text` to a temporary file and returns its path.
    static func file(_ text: String, bom: Bool = false, name: String = "registry.csv") throws -> String {
        let folder = scratch.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try ((bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8)).write(to: url)
        return url.path
    }
}
