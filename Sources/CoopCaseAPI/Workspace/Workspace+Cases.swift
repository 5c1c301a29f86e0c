import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird

/// The queue, the case page and the actions taken from it.
extension Workspace {
    func queuePage(_ request: Request, _ visit: Visit) async throws -> Response {
        let language = visit.language
        let query = request.uri.queryParameters
        let text = query["q"].map { String($0).trimmed() } ?? ""
        guard text.count <= 200 else { throw DomainError.validation(field: "q", reason: .tooLong) }
        var state: ApplicationState?
        if let value = query["state"], !value.isEmpty {
            guard let known = ApplicationState(rawValue: String(value)) else {
                throw DomainError.validation(field: "state", reason: .unknownValue)
            }
            state = known
        }
        let programme = query["programme"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let cursor = query["after"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let filter = QueueFilter(programmeCode: programme, state: state, text: text.isEmpty ? nil : text)
        let (page, counts, programmes) = try await service.applications.queue(
            filter, cursor: cursor, by: visit.actor)
        var values = base(visit, language: language, title: self.text("queueTitle", language), back: Self.prefix)
        values["navQueue"] = true
        values["q"] = text
        values["programmes"] = programmes.map {
            ["code": $0.code, "name": $0.name.text(language), "selected": $0.code == programme]
        }
        values["states"] = ApplicationState.allCases.map { item -> [String: Any] in
            [
                "value": item.rawValue, "label": item.label.text(language), "count": counts[item] ?? 0,
                "selected": item == state,
                "href":
                    "/workspace?state=\(item.rawValue)&programme=\(Self.query(programme ?? ""))&q=\(Self.query(text))",
            ]
        }
        values["hasRows"] = !page.items.isEmpty
        values["rows"] = QueueRows.html(
            page.items.map { item in
                let deadline = deadlineText(item.deadline, intakeDue: item.application, language)
                return QueueRows.Row(
                    reference: item.application.reference.value, cooperative: item.cooperative,
                    programme: item.programmeName.text(language), state: item.application.state.label.text(language),
                    due: deadline.due, late: deadline.late, assignee: item.assignee ?? self.text("nobody", language))
            }, labels: .of(language))
        if let next = page.nextCursor {
            values["next"] =
                "/workspace?state=\(state?.rawValue ?? "")&programme=\(Self.query(programme ?? ""))&q=\(Self.query(text))&after=\(Self.query(next))"
        }
        if cursor != nil {
            values["first"] =
                "/workspace?state=\(state?.rawValue ?? "")&programme=\(Self.query(programme ?? ""))&q=\(Self.query(text))"
        }
        return render("ws-queue", values)
    }

    /// How a deadline reads in a row or on a case: due day, working days left or late, said plainly.
    func deadlineValues(_ deadline: Deadline?, intakeDue application: CoopCaseDomain.Application, _ language: Language)
        -> [String: Any]
    {
        let text = deadlineText(deadline, intakeDue: application, language)
        return ["due": text.due, "late": text.late]
    }

    func deadlineText(_ deadline: Deadline?, intakeDue application: CoopCaseDomain.Application, _ language: Language)
        -> (due: String, late: Bool)
    {
        guard let deadline else {
            if application.state == .submitted, let intake = application.intakeDueAt {
                return (
                    "\(text("dueOn", language)) \(DisplayDate.moment(intake, language))", intake < service.database.now
                )
            }
            return ("—", false)
        }
        let day = DisplayDate.day(StatutoryClock.midnight(of: deadline.dueOn), language)
        let standing: String
        switch deadline.phase {
        case .paused: standing = text("paused", language)
        case .stopped: standing = text("stopped", language)
        case .running:
            if deadline.isLate {
                standing = counted("daysLate", deadline.workingDaysLate, language)
            } else if deadline.workingDaysLeft == 0 {
                standing = text("dueToday", language)
            } else {
                standing = counted("daysLeft", deadline.workingDaysLeft, language)
            }
        }
        return ("\(day) — \(standing)", deadline.phase == .running && deadline.isLate)
    }

    /// A text with its `%d` replaced by `count`.
    func counted(_ key: String, _ count: Int, _ language: Language) -> String {
        let template = text(key, language)
        guard let slot = template.firstRange(of: "%d") else { return template }
        return "\(template[..<slot.lowerBound])\(count)\(template[slot.upperBound...])"
    }

    func casePage(
        _ reference: String, _ visit: Visit, status: HTTPResponse.Status = .ok, problem: [String: String]? = nil,
        flash: String? = nil
    ) async throws -> Response {
        let language = visit.language
        let (application, events) = try await service.applications.history(reference: reference, by: visit.actor)
        let programme = try await service.programmes.get(id: application.programmeId)
        let cooperative = try await service.cooperatives.get(id: application.cooperativeId, by: visit.actor)
        let allowedAll = Workflow.allowedActions(for: visit.actor, on: application, programme: programme)
        let allowed = allowedAll.filter(ActionForm.offered.contains)
        let deadline = try await service.applications.deadline(of: application)
        let ledger = try await service.programmes.ledger(code: programme.code)
        let places = try await service.places.catalogue()
        let unit = programme.kind.unit
        let path = "/workspace/applications/\(application.reference.value)"
        var values = base(
            visit, language: language, title: "\(application.reference.value) — \(programme.name.text(language))",
            back: path)
        if let problem { values["problem"] = problem }
        if let flash { values["flash"] = flash }
        values["reference"] = application.reference.value
        values["programme"] = programme.name.text(language)
        values["state"] = application.state.label.text(language)
        values["version"] = application.version
        values["deadline"] = deadlineValues(deadline, intakeDue: application, language)
        let request = application.request
        var shown: [String: Any] = [
            "amount": unit.format(request.amount, language), "purpose": request.purpose,
            "items": request.items.map { "\($0.name) × \($0.quantity) (\(formatVND($0.unitPrice)))" },
            "documents": request.documents.joined(separator: ", "),
        ]
        if let recommendation = application.recommendation {
            shown["recommended"] =
                "\(recommendation.kind.label.text(language)): \(unit.format(recommendation.amount, language)) — \(recommendation.reason)"
        }
        if let decision = application.decision {
            shown["approved"] =
                "\(decision.kind.label.text(language)): \(unit.format(decision.amount, language)) — \(decision.reason) (\(decision.legalBasis))"
        }
        if let info = application.infoRequest { shown["infoRequest"] = info }
        values["request"] = shown
        values["cooperative"] = cooperativeValues(cooperative, language)
        if let judged = judgedValues(events, places: places, language) { values["judged"] = judged }
        values["budget"] = budgetValues(
            ledger, unit: unit, chart: "budget", title: text("chartTitle", language), language)
        values["events"] = events.map { event -> [String: Any] in
            [
                "seq": event.seq, "at": DisplayDate.moment(event.at, language),
                "actor": "\(event.actorUsername) (\(event.role.label.text(language)))",
                "action": event.action.label.text(language),
                "change": (event.from.map { $0.label.text(language) + " → " } ?? "") + event.to.label.text(language),
                "channel": event.channel.label.text(language),
                "hash": AuditCheckpoint.hex(event.hash),
            ]
        }
        values["canReissue"] = allowedAll.contains(.reissueCode)
        let slips: [(Slip.Kind, String)] = [
            (.receipt, "slipReceipt"), (.supplement, "slipSupplement"), (.apology, "slipApology"),
        ]
        let printable = slips.filter { kind, _ in
            switch kind {
            case .receipt: application.submittedAt != nil
            case .supplement: events.contains { $0.action == .requestInfo }
            case .apology: events.contains { $0.action == .reschedule }
            }
        }
        values["hasSlips"] = !printable.isEmpty
        values["slips"] = printable.map { ["kind": $0.0.rawValue, "label": text($0.1, language)] }
        values["actions"] = allowed.map { action in
            formValues(action, kind: programme.kind, path: path, version: application.version, language)
        }
        return render("ws-case", values, status: status)
    }

    /// A ledger's figures as the case and programme pages show them, with its chart.
    func budgetValues(_ ledger: BudgetLedger, unit: BudgetUnit, chart: String, title: String, _ language: Language)
        -> [String: Any]
    {
        let limit = ledger.limit ?? 0
        return [
            "total": unit.format(limit, language), "reserved": unit.format(ledger.reserved, language),
            "committed": unit.format(ledger.committed, language), "spent": unit.format(ledger.spent, language),
            "left": unit.format(max(ledger.available ?? 0, 0), language),
            "chart": BudgetChart.svg(id: chart, title: title, budget: limit, parts: chartParts(ledger, language)),
        ]
    }

    func chartParts(_ ledger: BudgetLedger, _ language: Language) -> [BudgetChart.Part] {
        [
            .init(label: text("budgetSpent", language), value: ledger.spent, fill: "#1b4d89"),
            .init(label: text("budgetCommitted", language), value: ledger.committed, fill: "#3a7d44"),
            .init(label: text("budgetReserved", language), value: ledger.reserved, fill: "#b35c00"),
        ]
    }

    func cooperativeValues(_ cooperative: Cooperative, _ language: Language) -> [String: Any] {
        let address = cooperative.address
        return [
            "id": cooperative.id.uuidString.lowercased(), "name": cooperative.name, "code": cooperative.code.value,
            "kind": cooperative.kind.label.text(language),
            "address": [address.street, address.ward.name, address.district?.name, address.province.name]
                .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
            "members": groupDigits(Int64(cooperative.members)), "workers": groupDigits(Int64(cooperative.workers)),
            "revenue": formatVND(cooperative.annualRevenue),
            "founded": DisplayDate.day(cooperative.founded, language),
        ]
    }

    /// The last submission's judgement, from the event's own hashed body: what an auditor sees was judged.
    func judgedValues(_ events: [StoredEvent], places: UnitCatalogue, _ language: Language) -> [String: Any]? {
        guard let snapshot = events.reversed().lazy.compactMap({ $0.recorded.judged }).first else { return nil }
        let facts = snapshot.cooperative
        return [
            "version": snapshot.ruleVersion,
            "rules": snapshot.rules.map { $0.summary(places: places).text(language) },
            "facts": [
                "\(text("kindLabel", language)): \(facts.kind.label.text(language))",
                "\(text("membersLabel", language)): \(facts.members)",
                "\(text("workersLabel", language)): \(facts.workers)",
                "\(text("revenueLabel", language)): \(formatVND(facts.annualRevenue))",
                "\(text("foundedLabel", language)): \(facts.founded)",
                "\(text("addressLabel", language)): \(facts.ward.name), \(facts.province.name)",
            ],
        ]
    }

    /// One action's form: its fields, the version it was built on, and the session's form token.
    func formValues(_ action: Action, kind: ProgrammeKind, path: String, version: Int, _ language: Language)
        -> [String: Any]
    {
        [
            "action": action.rawValue, "label": action.label.text(language).capitalizedFirst,
            "href": "\(path)/\(action.rawValue)",
            "version": version,
            "fields": ActionForm.fields(for: action, kind: kind).map { field -> [String: Any] in
                let id = "\(action.rawValue)-\(field.name)"
                var values: [String: Any] = [
                    "id": id, "name": field.name, "label": text(field.label, language), "required": field.required,
                    "options": field.options.map {
                        ["value": $0.0, "label": $0.1.text(language), "id": "\(id)-\($0.0)"]
                    },
                ]
                switch field.kind {
                case .textarea: values["isTextarea"] = true
                case .choice: values["isChoice"] = true
                case .radio: values["isRadio"] = true
                case .number: values["input"] = "text"; values["numeric"] = true
                case .date: values["input"] = "date"
                case .url: values["input"] = "url"
                case .text: values["input"] = "text"
                }
                return values
            },
        ]
    }

    /// Performs an action from its form. The version the form was built on travels with it: a form someone else has
    /// overtaken changes nothing and says so; any refusal is shown on the case page, nothing saved.
    func act(_ name: String, on reference: String, form: FormFields, _ visit: Visit) async throws -> Response {
        let language = visit.language
        guard let action = Action(rawValue: name), ActionForm.offered.contains(action) else {
            throw DomainError.notFound(entity: .application)
        }
        guard let versionText = form.text("version"), let version = Int(versionText), version > 0 else {
            throw DomainError.validation(field: "version", reason: .required)
        }
        do {
            try await service.applications.perform(
                action, on: reference,
                reading: { kind in try ActionForm.input(for: action, kind: kind, form: form) },
                expectedVersion: version, by: visit.actor, channel: .web)
        } catch let error as DomainError {
            if case .notFound = error { throw error }
            guard let refused = refusal(error, language: language) else { throw error }
            return try await casePage(reference, visit, status: refused.status, problem: refused.values)
        }
        return redirect("/workspace/applications/\(Self.query(reference))?done=\(action.rawValue)")
    }
}
