import Foundation

/// A decided action with the audit event that records it, linked to the chain's head as read.
public struct ChainedOutcome: Sendable {
    public var outcome: Outcome
    public var event: AuditEventBody
    /// The event's canonical bytes, the ones its hash covers.
    public var body: Data
    public var hash: Data
    /// The head the event follows.
    public var previous: Data

    public init(
        outcome: Outcome, seq: Int, actor: Actor, channel: EventChannel, at date: Date, previous: Data,
        judged: EligibilitySnapshot? = nil
    ) {
        self.outcome = outcome
        var event = AuditEventBody(outcome: outcome, seq: seq, actor: actor, channel: channel, at: date)
        event.judged = judged
        self.event = event
        self.body = event.canonicalJSON()
        self.hash = AuditChain.hash(previous: previous, body: body)
        self.previous = previous
    }
}
