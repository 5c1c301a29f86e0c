import Foundation

/// The manifest of an exported case-history bundle: enough to check the bundle offline.
public struct ExportManifest: Codable, Sendable, Equatable {
    public struct Filters: Codable, Sendable, Equatable {
        public var programme: String?
        public var from: String?
        public var to: String?
        public var state: String?

        public init(programme: String? = nil, from: String? = nil, to: String? = nil, state: String? = nil) {
            self.programme = programme
            self.from = from
            self.to = to
            self.state = state
        }

        /// The days the filters name, as instants; refuses a day that is not one and a state that does not exist.
        public func bounds() throws(DomainError) -> (from: Date?, to: Date?) {
            func day(_ text: String?, _ field: String) throws(DomainError) -> Date? {
                guard let text else { return nil }
                guard let date = InternetDate.day(text) else { throw .validation(field: field, reason: .unknownValue) }
                return date
            }
            if let state, ApplicationState(rawValue: state) == nil {
                throw .validation(field: "state", reason: .unknownValue)
            }
            return (try day(from, "from"), try day(to, "to"))
        }
    }

    public struct FileEntry: Codable, Sendable, Equatable {
        public var sha256: String
        public var rows: Int
        public var bytes: Int64

        public init(sha256: String, rows: Int, bytes: Int64) {
            self.sha256 = sha256
            self.rows = rows
            self.bytes = bytes
        }
    }

    public struct Head: Codable, Sendable, Equatable {
        public var application: UUID
        public var seq: Int
        public var hash: String

        public init(application: UUID, seq: Int, hash: String) {
            self.application = application
            self.seq = seq
            self.hash = hash
        }
    }

    /// The latest checkpoint; the heads it attests for the exported applications are in `checkpoint-heads.jsonl`.
    public struct Checkpoint: Codable, Sendable, Equatable {
        public var id: Int64
        /// The signed body, exactly as signed.
        public var body: String
        public var signature: String
        public var publicKey: String

        public init(id: Int64, body: String, signature: String, publicKey: String) {
            self.id = id
            self.body = body
            self.signature = signature
            self.publicKey = publicKey
        }
    }

    public static let formatName = "coopcase-case-histories/1"
    /// Every file of a bundle. `heads.jsonl` holds each exported application's chain head; all `.jsonl` files
    /// are in application-id order, so a verifier can merge them holding one application at a time.
    public static let files = [
        "applications.jsonl", "events.jsonl", "applications.csv", "events.csv", "heads.jsonl", "checkpoint-heads.jsonl",
    ]
    /// Files later bundles add, checked when a manifest lists them (bundles made before them stay valid): every
    /// eligibility rule version of the programmes exported, one line each.
    public static let addedFiles = ["rule-versions.jsonl"]

    /// One eligibility rule version as `rule-versions.jsonl` holds it.
    public struct RuleVersion: Codable, Sendable, Equatable {
        public var programme: String
        public var version: Int
        public var rules: [EligibilityRule]

        public init(programme: String, version: Int, rules: [EligibilityRule]) {
            self.programme = programme
            self.version = version
            self.rules = rules
        }
    }

    public var format: String
    public var createdAt: String
    public var filters: Filters
    public var files: [String: FileEntry]
    public var applications: Int
    public var events: Int
    public var checkpoint: Checkpoint?

    public init(
        createdAt: Date, filters: Filters, files: [String: FileEntry], applications: Int, events: Int,
        checkpoint: Checkpoint?
    ) {
        format = Self.formatName
        self.createdAt = AuditChain.timestamp(createdAt)
        self.filters = filters
        self.files = files
        self.applications = applications
        self.events = events
        self.checkpoint = checkpoint
    }

    public func encoded() -> Data {
        try! JSONCoding.readable.encode(self)
    }
}
