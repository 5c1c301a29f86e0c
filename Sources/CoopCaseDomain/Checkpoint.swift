import Crypto
import Foundation

/// One application's chain head: the sequence number and hash of its last event.
public struct ChainHead: Sendable, Equatable {
    public var application: UUID
    public var seq: Int
    public var hash: Data

    public init(application: UUID, seq: Int, hash: Data) {
        self.application = application
        self.seq = seq
        self.hash = hash
    }
}

/// SHA-256 over every chain head in application-id order: uuid (16 bytes) ‖ seq (4 bytes, big-endian) ‖ hash.
public struct HeadsDigest: Sendable {
    private var hasher = SHA256()
    private var last: UUID?
    public private(set) var count = 0

    public init() {}

    /// Heads must come in ascending application order (PostgreSQL's uuid order, i.e. by bytes).
    public mutating func add(_ head: ChainHead) {
        precondition(last.map { Self.precedes($0, head.application) } ?? true)
        last = head.application
        hasher.update(data: Self.bytes(head.application))
        withUnsafeBytes(of: UInt32(head.seq).bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(data: head.hash)
        count += 1
    }

    public func finalize() -> Data { Data(hasher.finalize()) }

    public static func bytes(_ id: UUID) -> [UInt8] { withUnsafeBytes(of: id.uuid) { Array($0) } }

    /// Whether `a` sorts before `b` the way PostgreSQL orders uuids (by bytes), without allocating.
    public static func precedes(_ a: UUID, _ b: UUID) -> Bool {
        withUnsafeBytes(of: a.uuid) { a in
            withUnsafeBytes(of: b.uuid) { b in memcmp(a.baseAddress!, b.baseAddress!, 16) < 0 }
        }
    }
}

/// Checks stored checkpoints in order: each signature (and signer, when a trusted key is given), the chain of
/// checkpoints, and the heads digest and count rebuilt from the heads each checkpoint stored (only those that
/// changed since the one before).
public struct CheckpointVerifier {
    public private(set) var problems: [CheckpointProblem] = []
    /// Checkpoints whose body could be read.
    public private(set) var checked = 0
    private let trustedKey: Data?
    private var previous = AuditCheckpoint.genesis
    private var heads: [UUID: (seq: Int, hash: Data)] = [:]
    /// The applications in digest order; new ones wait in `arrivals` and are merged in once per checkpoint.
    private var order: [UUID] = []
    private var arrivals: [UUID] = []

    public init(trustedKey: Data?) { self.trustedKey = trustedKey }

    /// A head stored with the next checkpoint to verify (or an earlier one).
    public mutating func record(_ head: ChainHead) {
        if heads.updateValue((head.seq, head.hash), forKey: head.application) == nil {
            arrivals.append(head.application)
        }
    }

    /// Checks one checkpoint against the heads recorded so far; returns its body when it could be read.
    public mutating func verify(id: Int64, body bytes: Data, signature: Data, publicKey: Data) -> CheckpointBody? {
        guard let body = try? JSONDecoder().decode(CheckpointBody.self, from: bytes) else {
            problems.append(CheckpointProblem(checkpoint: id, kind: .badSignature))
            return nil
        }
        checked += 1
        if !AuditCheckpoint.isValid(signature: signature, body: bytes, publicKey: publicKey) {
            problems.append(CheckpointProblem(checkpoint: id, kind: .badSignature))
        } else if let trustedKey, trustedKey != publicKey {
            problems.append(CheckpointProblem(checkpoint: id, kind: .untrustedKey))
        }
        if body.previous != AuditCheckpoint.hex(previous) {
            problems.append(CheckpointProblem(checkpoint: id, kind: .brokenCheckpointChain))
        }
        previous = AuditCheckpoint.hash(of: bytes)
        mergeArrivals()
        var digest = HeadsDigest()
        for application in order {
            let head = heads[application]!
            digest.add(ChainHead(application: application, seq: head.seq, hash: head.hash))
        }
        if body.headsDigest != AuditCheckpoint.hex(digest.finalize()) {
            problems.append(CheckpointProblem(checkpoint: id, kind: .headsDigestMismatch))
        }
        if body.applications != heads.count {
            problems.append(CheckpointProblem(checkpoint: id, kind: .countsMismatch))
        }
        return body
    }

    /// Adds a problem found outside the checkpoints themselves (a checkpointed head no longer stored).
    public mutating func record(_ problem: CheckpointProblem) { problems.append(problem) }

    private mutating func mergeArrivals() {
        guard !arrivals.isEmpty else { return }
        arrivals.sort(by: HeadsDigest.precedes)
        var merged: [UUID] = []
        merged.reserveCapacity(order.count + arrivals.count)
        var i = 0
        var j = 0
        while i < order.count || j < arrivals.count {
            if j == arrivals.count || (i < order.count && HeadsDigest.precedes(order[i], arrivals[j])) {
                merged.append(order[i])
                i += 1
            } else {
                merged.append(arrivals[j])
                j += 1
            }
        }
        order = merged
        arrivals.removeAll()
    }
}

/// What a checkpoint attests; signed as canonical JSON.
public struct CheckpointBody: Codable, Sendable, Equatable {
    public var takenAt: String
    public var applications: Int
    public var events: Int64
    /// Hex SHA-256 over every chain head (`HeadsDigest`).
    public var headsDigest: String
    /// Hex SHA-256 of the previous checkpoint's body; 64 zeros for the first.
    public var previous: String

    public init(takenAt: Date, applications: Int, events: Int64, headsDigest: Data, previous: Data) {
        self.takenAt = AuditChain.timestamp(takenAt)
        self.applications = applications
        self.events = events
        self.headsDigest = AuditCheckpoint.hex(headsDigest)
        self.previous = AuditCheckpoint.hex(previous)
    }

    public func canonicalJSON() -> Data {
        try! JSONCoding.canonical.encode(self)
    }
}

/// Ed25519 signing and checking of checkpoints.
public enum AuditCheckpoint {
    public static let genesis = Data(repeating: 0, count: 32)

    public static func hash(of body: Data) -> Data { Data(SHA256.hash(data: body)) }

    public static func sign(_ body: Data, with key: Curve25519.Signing.PrivateKey) throws -> Data {
        try key.signature(for: body)
    }

    public static func isValid(signature: Data, body: Data, publicKey: Data) -> Bool {
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return false }
        return key.isValidSignature(signature, for: body)
    }

    /// Reads a private key file: the raw 32-byte key, base64, as `coopcase audit keygen` writes it.
    public static func privateKey(fromFileContents text: String) throws -> Curve25519.Signing.PrivateKey {
        guard let raw = Data(base64Encoded: text.trimmed()) else {
            throw DomainError.validation(field: "signingKey", reason: .unknownValue)
        }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    /// Lower-case hex, two digits per byte, written in place (exports print two hashes per event).
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.withContiguousStorageIfAvailable(hex(contiguous:))
            ?? Array(bytes).withUnsafeBufferPointer(hex(contiguous:))
    }

    private static func hex(contiguous bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            for (index, byte) in bytes.enumerated() {
                text[2 * index] = hexDigits[Int(byte >> 4)]
                text[2 * index + 1] = hexDigits[Int(byte & 0x0F)]
            }
            return bytes.count * 2
        }
    }

    public static func data(hex: String) -> Data? {
        AccessCode.bytes(fromHex: hex).map { Data($0) }
    }
}

/// What is wrong with a checkpoint.
public struct CheckpointProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case badSignature
        case untrustedKey
        case brokenCheckpointChain
        case headsDigestMismatch
        case countsMismatch
        case headMissing

        public var label: LocalizedText {
            switch self {
            case .badSignature: LocalizedText(vi: "chữ ký không hợp lệ", en: "the signature does not verify")
            case .untrustedKey:
                LocalizedText(
                    vi: "được ký bằng khoá khác với khoá tin cậy", en: "signed by a key other than the trusted one")
            case .brokenCheckpointChain:
                LocalizedText(vi: "không nối với điểm kiểm trước", en: "does not link to the previous checkpoint")
            case .headsDigestMismatch:
                LocalizedText(
                    vi: "tập đầu chuỗi không khớp mã băm đã ký", en: "the chain heads do not match the signed digest")
            case .countsMismatch: LocalizedText(vi: "số hồ sơ, sự kiện không khớp", en: "the counts do not match")
            case .headMissing:
                LocalizedText(vi: "một đầu chuỗi đã xác nhận không còn", en: "an attested chain head is gone")
            }
        }
    }

    public var checkpoint: Int64
    public var kind: Kind
    public var application: UUID?
    public var seq: Int?

    public init(checkpoint: Int64, kind: Kind, application: UUID? = nil, seq: Int? = nil) {
        self.checkpoint = checkpoint
        self.kind = kind
        self.application = application
        self.seq = seq
    }

    public var description: String {
        var text = "checkpoint #\(checkpoint): \(kind.rawValue)"
        if let application { text += " (application \(application)" + (seq.map { " event #\($0)" } ?? "") + ")" }
        return text
    }

    /// As a person reads it.
    public func text(_ language: Language) -> String {
        let en = language == .en
        var text = (en ? "checkpoint #\(checkpoint): " : "điểm kiểm #\(checkpoint): ") + kind.label.text(language)
        if let application {
            text +=
                (en ? " (application \(application)" : " (hồ sơ \(application)")
                + (seq.map { en ? " event #\($0)" : " sự kiện #\($0)" } ?? "") + ")"
        }
        return text
    }
}
