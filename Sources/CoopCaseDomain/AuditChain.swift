import Crypto
import Foundation

/// The body of one audit event. Encoded once, canonically (sorted keys), and stored verbatim.
public struct AuditEventBody: Codable, Sendable, Equatable {
    public struct EventActor: Codable, Sendable, Equatable {
        public var id: UUID
        public var username: String
        public var role: Role
    }

    public var application: UUID
    public var reference: String
    public var seq: Int
    /// RFC 3339 UTC with milliseconds.
    public var at: String
    public var actor: EventActor
    public var channel: EventChannel
    public var action: Action
    public var from: ApplicationState?
    public var to: ApplicationState
    public var version: Int
    public var input: ActionInput
    public var ledger: LedgerDelta
    /// The review's due day as this action set it (submission and resubmission), so the history shows each.
    public var reviewDueOn: String?
    /// What eligibility judged (submission and resubmission).
    public var judged: EligibilitySnapshot?

    public init(outcome: Outcome, seq: Int, actor: Actor, channel: EventChannel, at date: Date) {
        application = outcome.application.id
        reference = outcome.application.reference.value
        self.seq = seq
        at = AuditChain.timestamp(date)
        self.actor = EventActor(id: actor.userId, username: actor.username, role: actor.role)
        self.channel = channel
        action = outcome.action
        from = outcome.from
        to = outcome.application.state
        version = outcome.application.version
        input = outcome.input
        ledger = outcome.ledger
        if [.submit, .resubmit].contains(outcome.action) {
            reviewDueOn = outcome.application.reviewDueAt.map { CivilDay($0).description }
        }
    }

    /// Canonical bytes: keys sorted, no insignificant whitespace, slashes unescaped.
    public func canonicalJSON() -> Data {
        // Encoding plain value types into JSON cannot fail.
        return try! JSONCoding.canonical.encode(self)
    }
}

/// One stored link of an application's hash chain.
public struct ChainLink: Sendable, Equatable {
    public var application: UUID
    public var seq: Int
    public var body: Data
    public var previousHash: Data
    public var hash: Data

    public init(application: UUID, seq: Int, body: Data, previousHash: Data, hash: Data) {
        self.application = application
        self.seq = seq
        self.body = body
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// What is wrong with a chain, at which event.
public struct ChainBreak: Sendable, Equatable, CustomStringConvertible {
    public enum Problem: String, Sendable, Equatable {
        case hashMismatch
        case previousHashMismatch
        case sequenceGap
        case bodyMismatch
        case headMismatch
        case unreadableBody

        public var label: LocalizedText {
            switch self {
            case .hashMismatch: LocalizedText(vi: "mã băm không khớp nội dung", en: "the hash does not match the body")
            case .previousHashMismatch:
                LocalizedText(vi: "không nối với sự kiện trước", en: "does not link to the previous event")
            case .sequenceGap: LocalizedText(vi: "thiếu sự kiện trong chuỗi", en: "an event is missing from the chain")
            case .bodyMismatch:
                LocalizedText(vi: "nội dung khác với bản đã ghi", en: "the body differs from what was recorded")
            case .headMismatch:
                LocalizedText(
                    vi: "chuỗi không kết thúc ở đầu chuỗi đã ghi", en: "the chain does not end at its recorded head")
            case .unreadableBody: LocalizedText(vi: "không đọc được nội dung", en: "the body cannot be read")
            }
        }
    }

    public var application: UUID
    public var seq: Int
    public var problem: Problem

    public init(application: UUID, seq: Int, problem: Problem) {
        self.application = application
        self.seq = seq
        self.problem = problem
    }

    public var description: String { "application \(application) event #\(seq): \(problem.rawValue)" }

    /// As a person reads it, naming the rule's code too so it can be looked up.
    public func text(_ language: Language) -> String {
        language == .en
            ? "application \(application) event #\(seq): \(problem.label.en)"
            : "hồ sơ \(application) sự kiện #\(seq): \(problem.label.vi)"
    }
}

/// Per-application hash chains: hash = SHA-256(prev_hash ‖ body), the first prev_hash being 32 zero bytes.
public enum AuditChain {
    public static let genesis = Data(repeating: 0, count: 32)

    public static func hash(previous: Data, body: Data) -> Data {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: body)
        return Data(hasher.finalize())
    }

    public static func timestamp(_ date: Date) -> String {
        InternetDate.stringWithMilliseconds(date)
    }

    /// Checks one application's chain, fed in sequence order; reports the first broken link.
    public struct Verifier: Sendable {
        public let application: UUID
        public private(set) var seq = 0
        public private(set) var head = AuditChain.genesis

        public init(application: UUID) { self.application = application }

        public mutating func feed(_ link: ChainLink) -> ChainBreak? {
            let expectedSeq = seq + 1
            func broken(_ problem: ChainBreak.Problem) -> ChainBreak {
                ChainBreak(application: application, seq: link.seq, problem: problem)
            }
            guard link.seq == expectedSeq else { return broken(.sequenceGap) }
            guard link.previousHash == head else { return broken(.previousHashMismatch) }
            guard AuditChain.hash(previous: link.previousHash, body: link.body) == link.hash else {
                return broken(.hashMismatch)
            }
            guard let decoded = try? JSONDecoder().decode(BodyIdentity.self, from: link.body) else {
                return broken(.unreadableBody)
            }
            guard decoded.application == application, decoded.seq == link.seq else { return broken(.bodyMismatch) }
            seq = link.seq
            head = link.hash
            return nil
        }

        /// Compares the end of the chain with the head recorded elsewhere (the application row, a checkpoint).
        public func finish(expectedSeq: Int, expectedHead: Data) -> ChainBreak? {
            guard seq == expectedSeq, head == expectedHead else {
                return ChainBreak(application: application, seq: max(seq, expectedSeq), problem: .headMismatch)
            }
            return nil
        }
    }

    private struct BodyIdentity: Decodable {
        var application: UUID
        var seq: Int
    }
}
