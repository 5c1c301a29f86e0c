import CoopCaseDomain
import Foundation

/// A review deadline as every command says it: the due day, and how it stands (days left, late, paused).
func deadlineText(_ deadline: Deadline) -> String {
    let due = day(StatutoryClock.closing(of: deadline.dueOn))
    switch deadline.phase {
    case .paused:
        return due + say(vi: " (tạm dừng chờ bổ sung)", en: " (paused for information)")
    case .running where deadline.isLate:
        return due
            + say(
                vi: " (quá hạn \(deadline.workingDaysLate) ngày làm việc)",
                en: " (late by \(deadline.workingDaysLate) working days)")
    case .running:
        return due
            + say(
                vi: " (còn \(deadline.workingDaysLeft) ngày làm việc)",
                en: " (\(deadline.workingDaysLeft) working days left)")
    case .stopped:
        return due
            + (deadline.isLate
                ? say(
                    vi: " (quyết định trễ \(deadline.workingDaysLate) ngày làm việc)",
                    en: " (decided \(deadline.workingDaysLate) working days late)") : "")
    }
}
