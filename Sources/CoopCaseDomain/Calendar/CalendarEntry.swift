import Foundation

/// A day the working week does not decide on its own: a public holiday or a day off moved next to one, or a
/// Saturday worked to make up for it — each with the document that set it (the Labour Code 2019, Article 112, for
/// the public holidays; the Prime Minister's yearly decision for Tết and the swaps).
public struct CalendarEntry: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// No work: a public holiday, a compensatory day, a day of the Tết break.
        case dayOff
        /// Work on a day that would be off (a make-up Saturday).
        case workingDay
    }

    public var day: CivilDay
    public var kind: Kind
    public var name: LocalizedText
    /// The document that set it, e.g. "Bộ luật Lao động 2019, Điều 112".
    public var basis: String

    public init(day: CivilDay, kind: Kind, name: LocalizedText, basis: String) {
        self.day = day
        self.kind = kind
        self.name = name
        self.basis = basis
    }

    /// What is wrong with the entry as an administrator gave it, if anything: a make-up working day must fall on a
    /// weekend (a weekday is worked anyway), and a name and a basis are required.
    public var problem: (field: String, reason: ValidationReason)? { problems.first }

    /// Every problem of the entry, in field order.
    public var problems: [(field: String, reason: ValidationReason)] {
        var found: [(String, ValidationReason)] = []
        if kind == .workingDay && day.weekday < 5 { found.append(("day", .makeUpDayOnWeekday)) }
        for (field, text) in [("nameVi", name.vi), ("nameEn", name.en), ("basis", basis)] {
            if text.trimmingCharacters(in: .whitespaces).isEmpty {
                found.append((field, .required))
            } else if text.count > CalendarCSV.maximumText || text.contains("\u{0}") {
                found.append((field, .tooLong))
            }
        }
        return found
    }
}
