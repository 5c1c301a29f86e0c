import CoopCaseDomain
import CoopCaseService
import Foundation

extension APIService {
    func listCooperatives(_ input: Operations.ListCooperatives.Input) async throws
        -> Operations.ListCooperatives.Output
    {
        let actor = try Caller.actor()
        let limit = try pageSize(input.query.limit)
        if actor.role == .applicant {
            // An applicant's registry is their own cooperative.
            var items: [Components.Schemas.Cooperative] = []
            if let id = actor.cooperativeId { items.append(.init(try await service.cooperatives.get(id: id))) }
            return .ok(.init(body: .json(.init(items: items))))
        }
        try actor.require(.readRegistry)
        let page = try await service.cooperatives.search(input.query.q, limit: limit, after: input.query.cursor)
        return .ok(
            .init(
                body: .json(
                    .init(items: page.items.map(Components.Schemas.Cooperative.init), nextCursor: page.nextCursor))))
    }

    func createCooperative(_ input: Operations.CreateCooperative.Input) async throws
        -> Operations.CreateCooperative.Output
    {
        let actor = try Caller.actor()
        guard case .json(let body) = input.body else { throw APIError.unsupportedMediaType }
        try actor.require(.manageCooperatives)
        let cooperative = try body.domain()
        try await service.cooperatives.create(cooperative, by: actor)
        return .created(.init(body: .json(.init(cooperative))))
    }

    func getCooperative(_ input: Operations.GetCooperative.Input) async throws -> Operations.GetCooperative.Output {
        let actor = try Caller.actor()
        guard let id = UUID(uuidString: input.path.id) else { throw DomainError.notFound(entity: .cooperative) }
        let cooperative = try await service.cooperatives.get(id: id, by: actor)
        return .ok(.init(headers: .init(eTag: etag(cooperative.version)), body: .json(.init(cooperative))))
    }

    func updateCooperative(_ input: Operations.UpdateCooperative.Input) async throws
        -> Operations.UpdateCooperative.Output
    {
        let actor = try Caller.actor()
        guard case .json(let body) = input.body else { throw APIError.unsupportedMediaType }
        guard let id = UUID(uuidString: input.path.id) else { throw DomainError.notFound(entity: .cooperative) }
        // Who may see it first, so another's entry is 404 whatever the headers say.
        _ = try await service.cooperatives.get(id: id, by: actor)
        try actor.require(.manageCooperatives)
        let version = try expectedVersion(input.headers.ifMatch)
        let updated = try await service.cooperatives.update(
            id: id, to: try body.domain(), expectedVersion: version, by: actor)
        return .ok(.init(headers: .init(eTag: etag(updated.version)), body: .json(.init(updated))))
    }

    func listRuleVersions(_ input: Operations.ListRuleVersions.Input) async throws
        -> Operations.ListRuleVersions.Output
    {
        let versions = try await service.programmes.ruleVersions(code: input.path.code, by: try Caller.actor())
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: versions.map {
                            .init(version: $0.version, rules: $0.rules.map(Components.Schemas.EligibilityRule.init))
                        }))))
    }

    func issueRuleVersion(_ input: Operations.IssueRuleVersion.Input) async throws
        -> Operations.IssueRuleVersion.Output
    {
        let actor = try Caller.actor()
        guard case .json(let body) = input.body else { throw APIError.unsupportedMediaType }
        try actor.require(.manageProgrammes)
        let rules = try body.rules.enumerated().map { try $0.element.domain(at: $0.offset) }
        let version = try await service.programmes.replaceRules(code: input.path.code, rules: rules, by: actor)
        return .created(.init(body: .json(.init(version: version))))
    }

    func getCooperativeHistory(_ input: Operations.GetCooperativeHistory.Input) async throws
        -> Operations.GetCooperativeHistory.Output
    {
        let actor = try Caller.actor()
        guard let id = UUID(uuidString: input.path.id) else { throw DomainError.notFound(entity: .cooperative) }
        let history = try await service.cooperatives.history(id: id, by: actor)
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: history.map { change in
                            .init(
                                at: change.at, username: change.username, version: change.version,
                                changes: change.changes.map(Components.Schemas.FieldChange.init))
                        }))))
    }

    func listProgrammes(_ input: Operations.ListProgrammes.Input) async throws -> Operations.ListProgrammes.Output {
        let actor = try Caller.actor()
        let programmes = try await service.programmes.list(by: actor)
        return .ok(.init(body: .json(.init(items: programmes.map(Components.Schemas.Programme.init)))))
    }

    func createProgramme(_ input: Operations.CreateProgramme.Input) async throws -> Operations.CreateProgramme.Output {
        let actor = try Caller.actor()
        guard case .json(let body) = input.body else { throw APIError.unsupportedMediaType }
        try actor.require(.manageProgrammes)
        let programme = try body.domain()
        try await service.programmes.create(programme, by: actor)
        return .created(.init(body: .json(.init(programme))))
    }

    func getProgramme(_ input: Operations.GetProgramme.Input) async throws -> Operations.GetProgramme.Output {
        let actor = try Caller.actor()
        return .ok(.init(body: .json(.init(try await service.programmes.get(code: input.path.code, by: actor)))))
    }

    func setProgrammeStatus(_ input: Operations.SetProgrammeStatus.Input) async throws
        -> Operations.SetProgrammeStatus.Output
    {
        let actor = try Caller.actor()
        guard case .json(let body) = input.body else { throw APIError.unsupportedMediaType }
        let programme = try await service.programmes.setStatus(
            code: input.path.code, to: body.status.converted(ProgrammeStatus.self), by: actor)
        return .ok(.init(body: .json(.init(programme))))
    }

    func getProgrammeBudget(_ input: Operations.GetProgrammeBudget.Input) async throws
        -> Operations.GetProgrammeBudget.Output
    {
        let actor = try Caller.actor()
        try actor.require(.readReports)
        let programme = try await service.programmes.get(code: input.path.code)
        let ledger = try await service.programmes.ledger(code: input.path.code)
        return .ok(
            .init(
                body: .json(
                    .init(
                        unit: programme.kind.unit.converted(), budget: ledger.limit ?? 0,
                        reserved: ledger.reserved, committed: ledger.committed, spent: ledger.spent,
                        available: ledger.available ?? 0))))
    }
}
