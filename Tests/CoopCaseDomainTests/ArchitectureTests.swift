import Foundation
import Testing

/// The package graph as the design draws it: adapters → service → (domain, postgres). SwiftPM lets a target import
/// any module its dependencies bring along, so the boundary is checked here, on the sources and the manifest.
@Suite struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every `import` in a target's sources: (file, access level or "", module).
    static func imports(of target: String) throws -> [(file: String, access: String, module: String)] {
        let folder = root.appendingPathComponent("Sources/\(target)")
        let files =
            FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        let pattern = try Regex(#"^(?:@\w+\s+)?(?:(public|package|internal|private|fileprivate)\s+)?import\s+(\w+)"#)
        var found: [(String, String, String)] = []
        for file in files {
            for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
                guard let match = line.firstMatch(of: pattern) else { continue }
                found.append(
                    (
                        file.lastPathComponent, match.output[1].substring.map(String.init) ?? "",
                        match.output[2].substring.map(String.init) ?? ""
                    ))
            }
        }
        return found
    }

    @Test(arguments: ["CoopCaseAPI", "coopcase"])
    func adaptersReachTheDatabaseOnlyThroughTheService(target: String) throws {
        let found = try Self.imports(of: target)
        #expect(!found.isEmpty)
        for (file, _, module) in found {
            #expect(!["CoopCasePostgres", "PostgresNIO"].contains(module), "\(target)/\(file) imports \(module)")
        }
        #expect(found.contains { $0.module == "CoopCaseService" })
        let dependencies = try Self.dependencies(of: target)
        #expect(dependencies.contains("\"CoopCaseService\""))
        #expect(!dependencies.contains("CoopCasePostgres") && !dependencies.contains("postgres-nio"))
    }

    @Test func theServiceKeepsTheDatabaseOutOfItsPublicInterface() throws {
        let found = try Self.imports(of: "CoopCaseService").filter {
            ["CoopCasePostgres", "PostgresNIO"].contains($0.module)
        }
        #expect(!found.isEmpty)
        for (file, access, module) in found {
            #expect(["internal", "package"].contains(access), "\(file) imports \(module) as \(access)")
        }
    }

    @Test func theDomainImportsNoFrameworkBeyondFoundationAndCrypto() throws {
        for (file, _, module) in try Self.imports(of: "CoopCaseDomain") {
            #expect(["Foundation", "Crypto", "Synchronization"].contains(module), "\(file) imports \(module)")
        }
    }

    @Test func permissionsAreCheckedInTheServiceNotInSQL() throws {
        let folder = Self.root.appendingPathComponent("Sources/CoopCasePostgres")
        let files =
            FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        #expect(files.count > 10)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains(".require("), "\(file.lastPathComponent) checks a permission")
        }
    }

    /// The text of a target's declaration in Package.swift, from its name to the next target.
    static func dependencies(of target: String) throws -> String {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let declaration = try Regex("name: \"\(target)\",\\s*(?://.*\\s*)*dependencies:")
        guard let start = manifest.firstRange(of: declaration) else { return "" }
        let rest = manifest[start.upperBound...]
        let end = rest.range(of: "swiftSettings:")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }
}
