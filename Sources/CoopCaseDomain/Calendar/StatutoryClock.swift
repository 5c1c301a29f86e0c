import Foundation

/// The clocks a province is held to, counted on the working calendar in Vietnam's days and hours (Decrees 61/2018
/// and 107/2021 on the one-stop shop, 45/2020 on online procedures):
/// - the review clock: whole working days from the day after a complete dossier arrives to the decision (the
///   approver's wait included), paused while information is requested and given back on resubmission;
/// - the intake clock: 8 working hours from submission to the start of review.
public struct StatutoryClock: Sendable {
    public let calendar: WorkingCalendar

    /// Office hours, in minutes after midnight in Vietnam: 08:00–12:00 and 13:00–17:00.
    public static let officeHours = [(8 * 60, 12 * 60), (13 * 60, 17 * 60)]
    public static let intakeHours = 8

    public init(calendar: WorkingCalendar) { self.calendar = calendar }

    /// The review's due day: `workingDays` after the day the dossier was complete.
    public func reviewDue(from start: Date, workingDays: Int) throws(DomainError) -> CivilDay {
        try calendar.day(adding: workingDays, to: CivilDay(start))
    }

    /// The due day after a pause: later by the working days the application waited for the applicant, from the day
    /// after the request through the day of the resubmission, so the review days left are what they were.
    public func resumed(due: CivilDay, pausedAt: Date, resumedAt: Date) throws(DomainError) -> CivilDay {
        let waited = calendar.workingDays(after: CivilDay(pausedAt), through: CivilDay(resumedAt))
        return try calendar.day(adding: waited, to: due)
    }

    /// The moment 8 office hours after `start` (a start outside office hours counts from the next opening).
    public func intakeDue(from start: Date, hours: Int = StatutoryClock.intakeHours) throws(DomainError) -> Date {
        var day = CivilDay(start)
        var minute = max(0, Int((start.timeIntervalSince(Self.midnight(of: day)) / 60).rounded(.up)))
        var remaining = hours * 60
        while true {
            if calendar.isWorkingDay(day) {
                for (open, close) in Self.officeHours where minute < close {
                    let from = max(minute, open)
                    if close - from >= remaining {
                        return Self.midnight(of: day).addingTimeInterval(Double(from + remaining) * 60)
                    }
                    remaining -= close - from
                    minute = close
                }
            }
            day = day.next
            try calendar.requireCovered(day)
            minute = 0
        }
    }

    /// The instant a day begins in Vietnam (UTC+7).
    public static func midnight(of day: CivilDay) -> Date {
        Date(timeIntervalSince1970: Double(day.julianDay - 2_440_588) * 86_400 - 7 * 3_600)
    }

    /// The end of office hours on `day`: the instant a review due that day is late after.
    public static func closing(of day: CivilDay) -> Date {
        midnight(of: day).addingTimeInterval(Double(officeHours[officeHours.count - 1].1) * 60)
    }

    /// Where the review clock of `application` stands at `now`; nil when it has none (a draft, a withdrawn one).
    public func standing(of application: Application, at now: Date) -> Deadline? {
        guard let dueAt = application.reviewDueAt else { return nil }
        let due = CivilDay(dueAt)
        let phase: Deadline.Phase
        let reference: CivilDay
        if application.runningReviewDeadline != nil {
            phase = .running
            reference = CivilDay(now)
        } else if application.state == .needsInfo {
            phase = .paused
            reference = CivilDay(application.clockPausedAt ?? now)
        } else if let decided = application.decidedAt, ![.draft, .withdrawn].contains(application.state) {
            phase = .stopped
            reference = CivilDay(decided)
        } else {
            return nil
        }
        let late = reference > due ? calendar.workingDays(after: due, through: reference) : 0
        let left = phase == .running && reference < due ? calendar.workingDays(after: reference, through: due) : 0
        return Deadline(dueOn: due, phase: phase, workingDaysLate: late, workingDaysLeft: left)
    }
}

/// Where a review clock stands.
public struct Deadline: Sendable, Equatable, Codable {
    public enum Phase: String, Sendable, Codable {
        /// The province is working on it.
        case running
        /// Waiting for the applicant's supplement; the due day moves when it comes.
        case paused
        /// Decided.
        case stopped
    }

    /// The last day the decision is due on.
    public var dueOn: CivilDay
    public var phase: Phase
    /// Working days past the due day: today's while running, the request's while paused, the decision's once decided.
    public var workingDaysLate: Int
    /// Working days left before the due day, while running (0 on the due day itself).
    public var workingDaysLeft: Int

    public var isLate: Bool { workingDaysLate > 0 }

    public init(dueOn: CivilDay, phase: Phase, workingDaysLate: Int, workingDaysLeft: Int) {
        self.dueOn = dueOn
        self.phase = phase
        self.workingDaysLate = workingDaysLate
        self.workingDaysLeft = workingDaysLeft
    }
}
