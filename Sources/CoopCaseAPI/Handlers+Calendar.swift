import CoopCaseDomain
import CoopCaseService
import Foundation

/// The working calendar and the overdue list.
extension APIService {
    func listOverdue(_ input: Operations.ListOverdue.Input) async throws -> Operations.ListOverdue.Output {
        let overdue = try await service.applications.overdue(by: try Caller.actor())
        return .ok(.init(body: .json(.init(items: overdue.map(Components.Schemas.OverdueApplication.init)))))
    }

    func getCalendar(_ input: Operations.GetCalendar.Input) async throws -> Operations.GetCalendar.Output {
        let (entries, years) = try await service.calendar.list(year: input.query.year, by: try Caller.actor())
        return .ok(.init(body: .json(.init(years: years, entries: entries.map(Components.Schemas.CalendarEntry.init)))))
    }

    func addCalendarEntry(_ input: Operations.AddCalendarEntry.Input) async throws
        -> Operations.AddCalendarEntry.Output
    {
        let actor = try Caller.actor()
        guard case .json(let body) = input.body else { throw APIError.unsupportedMediaType }
        try actor.require(.manageCalendar)
        guard let day = CalendarCSV.day(body.day) else {
            throw DomainError.validation(field: "day", reason: .unknownValue)
        }
        let entry = CalendarEntry(
            day: day, kind: body.kind.converted(), name: LocalizedText(vi: body.nameVi, en: body.nameEn),
            basis: body.basis)
        try await service.calendar.add(entry, by: actor)
        return .created(.init(body: .json(.init(entry))))
    }

    func removeCalendarEntry(_ input: Operations.RemoveCalendarEntry.Input) async throws
        -> Operations.RemoveCalendarEntry.Output
    {
        let actor = try Caller.actor()
        try actor.require(.manageCalendar)
        guard let day = CalendarCSV.day(input.path.day) else {
            throw DomainError.validation(field: "day", reason: .unknownValue)
        }
        try await service.calendar.remove(day, by: actor)
        return .noContent(.init())
    }

    func importCalendarYear(_ input: Operations.ImportCalendarYear.Input) async throws
        -> Operations.ImportCalendarYear.Output
    {
        let actor = try Caller.actor()
        guard case .json(let body) = input.body else { throw APIError.unsupportedMediaType }
        let entries = try await service.calendar.importYear(
            input.path.year, csv: body.csv, basis: body.basis, by: actor)
        return .ok(.init(body: .json(.init(year: input.path.year, entries: entries.count))))
    }

    func listCalendarChanges(_ input: Operations.ListCalendarChanges.Input) async throws
        -> Operations.ListCalendarChanges.Output
    {
        let changes = try await service.calendar.changes(year: input.query.year, by: try Caller.actor())
        return .ok(.init(body: .json(.init(items: changes.map(Components.Schemas.CalendarChange.init)))))
    }
}

extension Components.Schemas.CalendarEntry {
    init(_ entry: CalendarEntry) {
        self.init(
            day: entry.day.description, kind: entry.kind.converted(), nameVi: entry.name.vi, nameEn: entry.name.en,
            basis: entry.basis)
    }
}

extension Components.Schemas.CalendarChange {
    init(_ change: CalendarChange) {
        self.init(
            at: change.at, username: change.username, change: .init(rawValue: change.change) ?? .add,
            year: change.year, day: change.day?.description, detail: change.detail)
    }
}

extension Components.Schemas.OverdueApplication {
    init(_ overdue: OverdueApplication) {
        self.init(
            reference: overdue.reference, programme: overdue.programme, cooperative: overdue.cooperative,
            state: overdue.state.converted(), clock: overdue.clock.converted(), dueOn: overdue.dueOn.description,
            dueAt: overdue.dueAt, workingDaysLate: overdue.workingDaysLate, assignee: overdue.assignee)
    }
}

extension Components.Schemas.Deadline {
    init(_ deadline: Deadline) {
        self.init(
            dueOn: deadline.dueOn.description, phase: deadline.phase.converted(), late: deadline.isLate,
            workingDaysLate: deadline.workingDaysLate, workingDaysLeft: deadline.workingDaysLeft)
    }
}
