import Foundation

/// A late application, as the overdue list shows it: which clock ran out, by how much, and who answers for it.
public struct OverdueApplication: Sendable, Equatable, Codable {
    public enum Clock: String, Sendable, Codable {
        /// Submitted and not taken up for review within 8 office hours.
        case intake
        /// The review's due day has passed without a decision.
        case review
    }

    public var reference: String
    public var programme: String
    public var cooperative: String
    public var state: ApplicationState
    public var clock: Clock
    /// The review's due day (the review clock), or the day the intake was due.
    public var dueOn: CivilDay
    public var dueAt: Date
    /// Working days past the due day (0 for an intake late by hours the same day).
    public var workingDaysLate: Int
    /// The officer reviewing it; nil until someone starts the review.
    public var assignee: String?

    public init(
        reference: String, programme: String, cooperative: String, state: ApplicationState, clock: Clock,
        dueOn: CivilDay, dueAt: Date, workingDaysLate: Int, assignee: String?
    ) {
        self.reference = reference
        self.programme = programme
        self.cooperative = cooperative
        self.state = state
        self.clock = clock
        self.dueOn = dueOn
        self.dueAt = dueAt
        self.workingDaysLate = workingDaysLate
        self.assignee = assignee
    }
}
