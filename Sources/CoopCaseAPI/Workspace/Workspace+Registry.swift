import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird

/// The registry, one cooperative with its applications and history, and the programmes' budgets.
extension Workspace {
    func registryPage(_ request: Request, _ visit: Visit) async throws -> Response {
        let language = visit.language
        let query = request.uri.queryParameters
        let text = query["q"].map { String($0).trimmed() } ?? ""
        guard text.count <= 200 else { throw DomainError.validation(field: "q", reason: .tooLong) }
        let after = query["after"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let page = try await service.cooperatives.search(
            text.isEmpty ? nil : text, limit: 50, after: after, by: visit.actor)
        var values = base(
            visit, language: language, title: self.text("registryTitle", language), back: "/workspace/cooperatives")
        values["navRegistry"] = true
        values["q"] = text
        values["hasRows"] = !page.items.isEmpty
        values["rows"] = page.items.map { cooperativeValues($0, language) }
        if let next = page.nextCursor {
            values["next"] = "/workspace/cooperatives?q=\(Self.query(text))&after=\(Self.query(next))"
        }
        return render("ws-registry", values)
    }

    func cooperativePage(
        _ id: String, _ visit: Visit, status: HTTPResponse.Status = .ok, problem: [String: String]? = nil,
        flash: String? = nil
    ) async throws -> Response {
        let language = visit.language
        guard let uuid = UUID(uuidString: id) else { throw DomainError.notFound(entity: .cooperative) }
        let cooperative = try await service.cooperatives.get(id: uuid, by: visit.actor)
        let applications = try await service.applications.list(cooperativeId: uuid, limit: 100, by: visit.actor)
        let programmes = Dictionary(
            try await service.programmes.list().map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let history = try await service.cooperatives.history(id: uuid, by: visit.actor)
        var values = base(
            visit, language: language, title: cooperative.name, back: "/workspace/cooperatives/\(id.lowercased())")
        values["navRegistry"] = true
        if let problem { values["problem"] = problem }
        if let flash { values["flash"] = flash }
        values["cooperative"] = cooperativeValues(cooperative, language)
        if Administration.manageCooperatives.roles.contains(visit.user.role) {
            values["editing"] = [
                "version": cooperative.version, "name": cooperative.name, "members": cooperative.members,
                "workers": cooperative.workers, "annualRevenue": cooperative.annualRevenue,
                "street": cooperative.address.street, "person": cooperative.contact.person,
                "phone": cooperative.contact.phone ?? "",
            ]
        }
        // The desk opens a paper dossier here, for programmes taking applications.
        if Workflow.transition(for: .create).roles.contains(visit.user.role) {
            values["desk"] = [
                "programmes": programmes.values.filter { $0.status == .open }.sorted { $0.code < $1.code }.map {
                    ["code": $0.code, "name": $0.name.text(language)]
                }
            ]
        }
        values["hasApplications"] = !applications.items.isEmpty
        values["applications"] = applications.items.map { application -> [String: Any] in
            let programme = programmes[application.programmeId]
            return [
                "reference": application.reference.value, "programme": programme?.name.text(language) ?? "",
                "state": application.state.label.text(language),
                "amount": programme.map { $0.kind.unit.format(application.request.amount, language) } ?? "",
            ]
        }
        values["history"] = history.map { change -> [String: Any] in
            [
                "at": DisplayDate.moment(change.at, language), "username": change.username,
                "changes": change.changes.map {
                    "\(FieldLabel.text($0.field, language)): \($0.from ?? "—") → \($0.to ?? "—")"
                },
            ]
        }
        return render("ws-cooperative", values, status: status)
    }

    func programmesPage(_ visit: Visit) async throws -> Response {
        let language = visit.language
        let summary = try await service.summary(by: visit.actor)
        let programmes = Dictionary(
            try await service.programmes.list().map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        var values = base(
            visit, language: language, title: text("programmesTitle", language), back: "/workspace/programmes")
        values["navProgrammes"] = true
        values["programmes"] = summary.programmes.enumerated().map { index, line -> [String: Any] in
            let unit = line.unit
            let ledger = BudgetLedger(
                limit: line.budget, reserved: line.reserved, committed: line.committed, spent: line.spent)
            let name = programmes[line.code]?.name.text(language) ?? line.code
            let stages = ApplicationState.allCases.compactMap { state -> [String: String]? in
                guard let days = line.averageWorkingDays[state.rawValue] else { return nil }
                return ["stage": state.label.text(language), "days": String(format: "%.1f", days)]
            }
            var values = budgetValues(
                ledger, unit: unit, chart: "chart-\(index)", title: "\(text("chartTitle", language)): \(name)", language
            )
            values.merge([
                "hasStages": !stages.isEmpty, "stages": stages, "code": line.code, "name": name,
                "status": line.status.label.text(language), "utilisation": String(format: "%.1f %%", line.utilisation),
            ]) { $1 }
            return values
        }
        return render("ws-programmes", values)
    }
}
