import CoopCaseDomain
import Crypto
import Foundation

/// Checks an exported bundle offline: no database, only the files and (optionally) the trusted public key.
/// Memory stays flat: files are streamed, and the chains are checked one application at a time.
public enum BundleCheck {
    /// What the check found: the manifest (nil when unreadable) and the verifier with its problems and counts.
    public static func run(
        directory: String, trustedKey: Data?, progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> (manifest: ExportManifest?, verifier: BundleVerifier?) {
        let folder = URL(fileURLWithPath: directory)
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        guard let data = FileManager.default.contents(atPath: path("manifest.json")),
            let manifest = try? JSONDecoder().decode(ExportManifest.self, from: data)
        else { return (nil, nil) }
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
        if verifier.problems.allSatisfy({ if case .missingFile = $0 { false } else { true } }),
            let events = LineReader(path: path("events.jsonl")), let heads = LineReader(path: path("heads.jsonl")),
            let attested = LineReader(path: path("checkpoint-heads.jsonl"))
        {
            try verifier.checkChains(events: events, heads: heads, attested: attested) { progress?($0) }
        }
        verifier.finish(trustedKey: trustedKey)
        return (manifest, verifier)
    }
}
