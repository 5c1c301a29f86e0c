import CoopCaseDomain
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
}
