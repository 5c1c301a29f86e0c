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
