import Foundation

/// One line of `events.jsonl`.
public struct ExportedEvent: Codable, Sendable {
    public var application: UUID
    public var reference: String
    public var seq: Int
    public var at: String
    public var actor: String
    public var role: String
    public var channel: String
    public var action: String
    public var from: String?
    public var to: String
    /// The canonical body exactly as hashed.
    public var body: String
    public var prevHash: String
    public var hash: String

    public init(
        application: UUID, reference: String, seq: Int, at: Date, actor: String, role: String, channel: String,
        action: String, from: String?, to: String, body: Data, prevHash: Data, hash: Data
    ) {
        self.application = application
        self.reference = reference
        self.seq = seq
        self.at = AuditChain.timestamp(at)
        self.actor = actor
        self.role = role
        self.channel = channel
        self.action = action
        self.from = from
        self.to = to
        self.body = String(decoding: body, as: UTF8.self)
        self.prevHash = AuditCheckpoint.hex(prevHash)
        self.hash = AuditCheckpoint.hex(hash)
    }
}
