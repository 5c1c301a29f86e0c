import Foundation

/// One audit event as stored.
public struct StoredEvent: Sendable, Equatable {
    public var seq: Int
    public var at: Date
    public var actorUsername: String
    public var role: Role
    public var channel: EventChannel
    public var action: Action
    public var from: ApplicationState?
    public var to: ApplicationState
    public var body: Data
    public var previousHash: Data
    public var hash: Data

    public init(
        seq: Int, at: Date, actorUsername: String, role: Role, channel: EventChannel, action: Action,
        from: ApplicationState?, to: ApplicationState, body: Data, previousHash: Data, hash: Data
    ) {
        self.seq = seq
        self.at = at
        self.actorUsername = actorUsername
        self.role = role
        self.channel = channel
        self.action = action
        self.from = from
        self.to = to
        self.body = body
        self.previousHash = previousHash
        self.hash = hash
    }
}

extension StoredEvent {
    /// The parts of the hashed body that pages and slips read back: what the action was given, and at a submission
    /// what eligibility judged. Times are read as the canonical encoder writes them.
    public struct Recorded: Decodable, Sendable {
        public var input: ActionInput?
        public var judged: EligibilitySnapshot?
    }

    public var recorded: Recorded {
        (try? JSONCoding.canonicalDecoder.decode(Recorded.self, from: body)) ?? Recorded()
    }
}
