import Foundation

/// The result of recomputing every chain.
public struct ChainReport: Sendable {
    public var applications: Int
    public var events: Int
    public var breaks: [ChainBreak]

    public init(applications: Int, events: Int, breaks: [ChainBreak]) {
        self.applications = applications
        self.events = events
        self.breaks = breaks
    }
}
