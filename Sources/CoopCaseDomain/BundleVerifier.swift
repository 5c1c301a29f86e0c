import Crypto
import Foundation

/// Lines of one bundle file, in order, with the number of the last one read.
public protocol LineSource: AnyObject {
    var number: Int { get }
    func next() throws -> Data?
}

/// Checks a bundle offline one application at a time: its chain, the head recorded for it, and the head the
/// checkpoint attests for it; then the checkpoint's signature. Memory does not grow with the bundle.
public struct BundleVerifier {
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        case manifestUnreadable
        case missingFile(String)
        case fileDigestMismatch(String)
        case rowCountMismatch(String)
        case unreadableLine(file: String, line: Int)
        case outOfOrder(file: String, line: Int)
        case chain(ChainBreak)
        case headMismatch(application: UUID)
        case checkpointSignature
        case untrustedKey
        case checkpointHeadMissing(application: UUID, seq: Int)

        public var description: String { text(.en) }

        public func text(_ language: Language) -> String {
            language == .en ? english : vietnamese
        }

        var vietnamese: String {
            switch self {
            case .manifestUnreadable: "thiếu manifest.json hoặc không đọc được"
            case .missingFile(let name): "thiếu tệp \(name)"
            case .fileDigestMismatch(let name): "\(name) không khớp mã SHA-256 ghi trong manifest (đã bị sửa?)"
            case .rowCountMismatch(let name): "\(name) có số dòng khác với manifest"
            case .unreadableLine(let file, let line): "\(file) dòng \(line) không phải bản ghi hợp lệ"
            case .outOfOrder(let file, let line): "\(file) dòng \(line) sai thứ tự hồ sơ"
            case .chain(let problem): problem.text(.vi)
            case .headMismatch(let application): "hồ sơ \(application): chuỗi không kết thúc ở đầu chuỗi đã ghi"
            case .checkpointSignature: "chữ ký của điểm kiểm không hợp lệ"
            case .untrustedKey: "điểm kiểm được ký bằng khoá khác với khoá tin cậy"
            case .checkpointHeadMissing(let application, let seq):
                "hồ sơ \(application) sự kiện #\(seq), được điểm kiểm xác nhận, không có trong gói"
            }
        }

        var english: String {
            switch self {
            case .manifestUnreadable: "manifest.json is missing or unreadable"
            case .missingFile(let name): "\(name) is missing"
            case .fileDigestMismatch(let name): "\(name) does not match its SHA-256 in the manifest (edited?)"
            case .rowCountMismatch(let name): "\(name) has a different number of rows than the manifest says"
            case .unreadableLine(let file, let line): "\(file) line \(line) is not a valid record"
            case .outOfOrder(let file, let line): "\(file) line \(line) is out of application order"
            case .chain(let problem): problem.text(.en)
            case .headMismatch(let application): "application \(application): chain does not end at its recorded head"
            case .checkpointSignature: "the checkpoint's signature does not verify"
            case .untrustedKey: "the checkpoint was signed by a key other than the trusted one"
            case .checkpointHeadMissing(let application, let seq):
                "application \(application) event #\(seq), attested by the checkpoint, is not in the bundle"
            }
        }
    }

    public let manifest: ExportManifest
    public private(set) var problems: [Problem] = []
    public private(set) var events = 0
    public private(set) var applications = 0

    public init(manifest: ExportManifest) { self.manifest = manifest }

    public mutating func record(_ problem: Problem) { problems.append(problem) }

    /// Whether `a` sorts before `b` the way PostgreSQL orders uuids (by bytes).
    public static func precedes(_ a: UUID, _ b: UUID) -> Bool { HeadsDigest.precedes(a, b) }

    /// Checks one application's events (in file order) against its recorded head and its attested head.
    public mutating func verify(
        application: UUID, events chain: [ExportedEvent], head: ExportManifest.Head?, attested: ExportManifest.Head?
    ) {
        applications += 1
        events += chain.count
        var verifier = AuditChain.Verifier(application: application)
        var broken = false
        for event in chain {
            guard let previous = AuditCheckpoint.data(hex: event.prevHash),
                let hash = AuditCheckpoint.data(hex: event.hash)
            else {
                problems.append(.chain(ChainBreak(application: application, seq: event.seq, problem: .unreadableBody)))
                broken = true
                break
            }
            let link = ChainLink(
                application: application, seq: event.seq, body: Data(event.body.utf8), previousHash: previous,
                hash: hash)
            if let problem = verifier.feed(link) {
                problems.append(.chain(problem))
                broken = true
                break
            }
        }
        if !broken, head.map({ $0.seq != verifier.seq || $0.hash != AuditCheckpoint.hex(verifier.head) }) ?? true {
            problems.append(.headMismatch(application: application))
        }
        if let attested, !chain.contains(where: { $0.seq == attested.seq && $0.hash == attested.hash }) {
            problems.append(.checkpointHeadMissing(application: application, seq: attested.seq))
        }
    }

    /// Checks the checkpoint's signature. `trustedKey` is the auditor's copy of the public key.
    public mutating func finish(trustedKey: Data?) {
        guard let checkpoint = manifest.checkpoint else { return }
        let body = Data(checkpoint.body.utf8)
        guard let signature = Data(base64Encoded: checkpoint.signature),
            let key = Data(base64Encoded: checkpoint.publicKey),
            AuditCheckpoint.isValid(signature: signature, body: body, publicKey: key)
        else {
            problems.append(.checkpointSignature)
            return
        }
        if let trustedKey, trustedKey != key { problems.append(.untrustedKey) }
    }

    /// Checks one file against its manifest entry (the CSV header is not a row).
    public mutating func check(
        file name: String, against expected: ExportManifest.FileEntry, sha256: String, lines: Int
    ) {
        if sha256 != expected.sha256 { problems.append(.fileDigestMismatch(name)) }
        if (name.hasSuffix(".csv") ? lines - 1 : lines) != expected.rows { problems.append(.rowCountMismatch(name)) }
    }

    /// Merges events.jsonl, heads.jsonl and checkpoint-heads.jsonl, all in application order, checking each
    /// application's chain as its events end; heads and attested heads without events are reported.
    public mutating func checkChains(
        events: some LineSource, heads: some LineSource, attested: some LineSource, progress: (Int) -> Void
    ) throws {
        let decoder = JSONDecoder()
        func head(_ reader: some LineSource, _ file: String, _ verifier: inout BundleVerifier) throws
            -> ExportManifest.Head?
        {
            guard let line = try reader.next() else { return nil }
            guard let head = try? decoder.decode(ExportManifest.Head.self, from: line) else {
                verifier.record(.unreadableLine(file: file, line: reader.number))
                return nil
            }
            return head
        }
        var nextHead = try head(heads, "heads.jsonl", &self)
        var nextAttested = try head(attested, "checkpoint-heads.jsonl", &self)
        var group: [ExportedEvent] = []
        var current: UUID?
        func flush(_ application: UUID, _ verifier: inout BundleVerifier) throws {
            while let h = nextHead, Self.precedes(h.application, application) {
                verifier.record(.headMismatch(application: h.application))
                nextHead = try head(heads, "heads.jsonl", &verifier)
            }
            var own: ExportManifest.Head?
            if nextHead?.application == application {
                own = nextHead
                nextHead = try head(heads, "heads.jsonl", &verifier)
            }
            while let a = nextAttested, Self.precedes(a.application, application) {
                verifier.record(.checkpointHeadMissing(application: a.application, seq: a.seq))
                nextAttested = try head(attested, "checkpoint-heads.jsonl", &verifier)
            }
            var attestedHead: ExportManifest.Head?
            if nextAttested?.application == application {
                attestedHead = nextAttested
                nextAttested = try head(attested, "checkpoint-heads.jsonl", &verifier)
            }
            verifier.verify(application: application, events: group, head: own, attested: attestedHead)
        }
        while let line = try events.next() {
            guard let event = try? decoder.decode(ExportedEvent.self, from: line) else {
                record(.unreadableLine(file: "events.jsonl", line: events.number))
                continue
            }
            if event.application != current {
                if let current {
                    guard Self.precedes(current, event.application) else {
                        record(.outOfOrder(file: "events.jsonl", line: events.number))
                        return
                    }
                    try flush(current, &self)
                }
                current = event.application
                group.removeAll(keepingCapacity: true)
                if applications % 10_000 == 0 { progress(applications) }
            }
            group.append(event)
        }
        if let current { try flush(current, &self) }
        while let h = nextHead {
            record(.headMismatch(application: h.application))
            nextHead = try head(heads, "heads.jsonl", &self)
        }
        while let a = nextAttested {
            record(.checkpointHeadMissing(application: a.application, seq: a.seq))
            nextAttested = try head(attested, "checkpoint-heads.jsonl", &self)
        }
    }

    /// SHA-256 of data, hex; for the file digests.
    public static func sha256(_ data: Data) -> String { AuditCheckpoint.hex(Data(SHA256.hash(data: data))) }
}
