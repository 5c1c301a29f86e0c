import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import Testing

/// Exports a bundle, then tampers with copies of it in each way an auditor must catch.
@Suite struct BundleCLITests {
    struct Bundle {
        let folder: URL
        var events: [String] {
            get throws {
                try String(contentsOf: folder.appendingPathComponent("events.jsonl"), encoding: .utf8)
                    .split(separator: "\n").map(String.init)
            }
        }

        func write(events lines: [String]) throws {
            try (lines.joined(separator: "\n") + "\n").write(
                to: folder.appendingPathComponent("events.jsonl"), atomically: true, encoding: .utf8)
        }

        /// Rewrites the manifest's entries for the JSON Lines files to match their edits, as a careful forger would.
        func refreshManifest(adjust: (inout [String: Any]) -> Void = { _ in }) throws {
            let url = folder.appendingPathComponent("manifest.json")
            var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
            var files = manifest["files"] as! [String: Any]
            for name in ["events.jsonl", "heads.jsonl"] {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                files[name] = [
                    "sha256": BundleVerifier.sha256(data), "rows": data.split(separator: 0x0A).count,
                    "bytes": data.count,
                ]
            }
            manifest["files"] = files
            adjust(&manifest)
            try JSONSerialization.data(withJSONObject: manifest).write(to: url)
        }

        func copy() throws -> Bundle {
            let target = folder.deletingLastPathComponent().appendingPathComponent(UUID().uuidString)
            try FileManager.default.copyItem(at: folder, to: target)
            return Bundle(folder: target)
        }
    }

    static func edit(_ line: String, _ change: (inout [String: Any]) -> Void) throws -> String {
        var event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        change(&event)
        return String(
            decoding: try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func everyKindOfTamperingIsNamed() async throws {
        try await TestDatabase.with { test in
            let cli = CLI(test: test)
            #expect(try await cli.run(["demo", "seed"]).status == 0)
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("coopcase-bundles-\(UUID())")
            let key = root.appendingPathComponent("signing.key").path
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: root) }
            #expect(try await cli.run(["audit", "keygen", "--out", key]).status == 0)
            #expect(try await cli.run(["audit", "checkpoint", "--key", key, "--as", "admin"]).status == 0)
            let out = root.appendingPathComponent("bundle")
            let exported = try await cli.run(["export", "case-histories", "--out", out.path, "--as", "thanhtra.son"])
            #expect(exported.status == 0 && exported.stdout.contains("kèm điểm kiểm #1"), "\(exported.stderr)")
            let officer = try await cli.run([
                "export", "case-histories", "--out", root.appendingPathComponent("x").path, "--as", "canbo.hoa",
            ])
            #expect(officer.status == 2 && officer.stderr.contains("Không có quyền"))
            let bundle = Bundle(folder: out)
            let verify = { (b: Bundle, extra: [String]) in
                try await cli.run(["audit", "verify", "--bundle", b.folder.path, "--lang", "en"] + extra)
            }
            let clean = try await verify(bundle, ["--public-key", key + ".pub"])
            #expect(clean.status == 0 && clean.stdout.contains("Bundle OK"), "\(clean.stderr)")
            // Every rule version of the exported programmes travels with the bundle, and is checked like the rest.
            let rulesURL = out.appendingPathComponent("rule-versions.jsonl")
            let ruleLines = try String(contentsOf: rulesURL, encoding: .utf8).split(separator: "\n")
            #expect(ruleLines.count == 4 && ruleLines.allSatisfy { $0.contains(#""version":1"#) }, "\(ruleLines)")
            let rulesEdited = try bundle.copy()
            let editedRulesURL = rulesEdited.folder.appendingPathComponent("rule-versions.jsonl")
            try
                (String(contentsOf: editedRulesURL, encoding: .utf8).replacingOccurrences(
                    of: "minMembers", with: "minWorkers"))
                .write(to: editedRulesURL, atomically: true, encoding: .utf8)
            let r0 = try await verify(rulesEdited, [])
            #expect(r0.status == 1 && r0.stderr.contains("rule-versions.jsonl"), "\(r0.stderr)")
            let lines = try bundle.events
            // Application ids are random, so find a chain with at least three events rather than assume one.
            let second = try #require(
                lines.indices.first { index in
                    index + 1 < lines.count && lines[index].contains("\"seq\":2,")
                        && lines[index + 1].contains("\"seq\":3,")
                })

            // 1. An event's body changed, manifest digest refreshed to hide it.
            let changed = try bundle.copy()
            var edited = lines
            edited[second] = try Self.edit(lines[second]) {
                $0["body"] = ($0["body"] as! String).replacingOccurrences(of: "cli", with: "api")
            }
            try changed.write(events: edited)
            try changed.refreshManifest()
            let r1 = try await verify(changed, [])
            #expect(r1.status == 1 && r1.stderr.contains("event #2: the hash does not match the body"), "\(r1.stderr)")

            // 2. A middle event deleted.
            let deleted = try bundle.copy()
            try deleted.write(events: lines.enumerated().filter { $0.offset != second }.map(\.element))
            try deleted.refreshManifest()
            let r2 = try await verify(deleted, [])
            #expect(
                r2.status == 1 && r2.stderr.contains("event #3: an event is missing from the chain"), "\(r2.stderr)")

            // 3. The last event of a chain deleted, and its head in the manifest wound back. The chain found above
            // has at least three events, so its last event has a predecessor in the same chain.
            let event = try #require(JSONSerialization.jsonObject(with: Data(lines[second].utf8)) as? [String: Any])
            let application = try #require(event["application"] as? String)
            let last = try #require(lines.lastIndex { $0.contains(application) })
            let previous = try #require(
                JSONSerialization.jsonObject(with: Data(lines[last - 1].utf8)) as? [String: Any])
            #expect(previous["application"] as? String == application)
            let truncated = try bundle.copy()
            try truncated.write(events: lines.enumerated().filter { $0.offset != last }.map(\.element))
            let headsURL = truncated.folder.appendingPathComponent("heads.jsonl")
            let windBack = try String(contentsOf: headsURL, encoding: .utf8).split(separator: "\n").map {
                line -> String in
                guard line.contains(application) else { return String(line) }
                return try! Self.edit(String(line)) {
                    $0["seq"] = previous["seq"]!; $0["hash"] = previous["hash"]!
                }
            }
            try (windBack.joined(separator: "\n") + "\n").write(to: headsURL, atomically: true, encoding: .utf8)
            try truncated.refreshManifest()
            let r3 = try await verify(truncated, [])
            #expect(
                r3.status == 1 && r3.stderr.contains("attested by the checkpoint, is not in the bundle"), "\(r3.stderr)"
            )

            // 4. An event inserted into a chain.
            let inserted = try bundle.copy()
            var withExtra = lines
            withExtra.insert(try Self.edit(lines[second]) { $0["seq"] = 2 }, at: second + 1)
            try inserted.write(events: withExtra)
            try inserted.refreshManifest()
            let r4 = try await verify(inserted, [])
            #expect(r4.status == 1 && r4.stderr.contains("an event is missing from the chain"), "\(r4.stderr)")

            // 5. A CSV file edited (the manifest left alone).
            let csv = try bundle.copy()
            let csvURL = csv.folder.appendingPathComponent("applications.csv")
            try (String(contentsOf: csvURL, encoding: .utf8).replacingOccurrences(of: "approved", with: "rejected"))
                .write(to: csvURL, atomically: true, encoding: .utf8)
            let r5 = try await verify(csv, [])
            #expect(r5.status == 1 && r5.stderr.contains("applications.csv does not match its SHA-256"), "\(r5.stderr)")

            // 6. A forged checkpoint: re-signed with another key. Valid on its own; refused against the trusted key.
            let forged = try bundle.copy()
            let otherKey = root.appendingPathComponent("forger.key").path
            #expect(try await cli.run(["audit", "keygen", "--out", otherKey]).status == 0)
            let forger = try AuditCheckpoint.privateKey(
                fromFileContents: String(contentsOfFile: otherKey, encoding: .utf8))
            try forged.refreshManifest { manifest in
                var checkpoint = manifest["checkpoint"] as! [String: Any]
                let body = Data((checkpoint["body"] as! String).utf8)
                checkpoint["signature"] = (try! AuditCheckpoint.sign(body, with: forger)).base64EncodedString()
                checkpoint["publicKey"] = forger.publicKey.rawRepresentation.base64EncodedString()
                manifest["checkpoint"] = checkpoint
            }
            #expect(
                try await verify(forged, []).status == 0,
                "without a trusted key the forger's signature is self-consistent")
            let r6 = try await verify(forged, ["--public-key", key + ".pub"])
            #expect(r6.status == 1 && r6.stderr.contains("signed by a key other than the trusted one"), "\(r6.stderr)")

            // 7. A checkpoint body edited: its signature fails.
            let bent = try bundle.copy()
            try bent.refreshManifest { manifest in
                var checkpoint = manifest["checkpoint"] as! [String: Any]
                checkpoint["body"] = (checkpoint["body"] as! String).replacingOccurrences(
                    of: "\"applications\":52", with: "\"applications\":51")
                manifest["checkpoint"] = checkpoint
            }
            let r7 = try await verify(bent, [])
            #expect(r7.status == 1 && r7.stderr.contains("signature does not verify"), "\(r7.stderr)")
        }
    }
}
