import CoopCaseDomain
import CoopCaseService
import Foundation

extension APIService {
    func listApplications(_ input: Operations.ListApplications.Input) async throws
        -> Operations.ListApplications.Output
    {
        let actor = try Caller.actor()
        let query = input.query
        let page = try await service.applications.list(
            programmeCode: query.programme, state: query.state.map { $0.converted(ApplicationState.self) },
            cooperativeId: try query.cooperativeId.map { try uuid($0, field: "cooperativeId") },
            limit: try pageSize(query.limit), cursor: query.cursor, by: actor)
        let programmes = try await service.programmes.identities(Set(page.items.map(\.programmeId)))
        let deadline = try await service.applications.deadlines()
        let items = page.items.compactMap { application in
            programmes[application.programmeId].map {
                Components.Schemas.Application(application, programme: $0, deadline: deadline(application))
            }
        }
        return .ok(.init(body: .json(.init(items: items, nextCursor: page.nextCursor))))
    }

    func createApplication(_ input: Operations.CreateApplication.Input) async throws
        -> Operations.CreateApplication.Output
    {
        let actor = try Caller.actor()
        guard case .json(let body) = input.body else { throw APIError.unsupportedMediaType }
        let idempotency = try idempotency(
            key: input.headers.idempotencyKey, actor: actor, operation: "POST /v1/applications", body: body)
        if let idempotency, let stored = try await service.idempotency.replay(idempotency) {
            return try replayCreated(stored)
        }
        let cooperativeId: UUID
        if let given = body.cooperativeId {
            cooperativeId = try uuid(given, field: "cooperativeId")
        } else if let own = actor.cooperativeId {
            cooperativeId = own
        } else {
            throw DomainError.validation(field: "cooperativeId", reason: .required)
        }
        let programme = try await service.programmes.get(code: body.programme).identity
        let deadline = try await service.applications.deadlines()
        // The stored response leaves the access code out: it is shown once and only its hash is kept.
        let idempotent = idempotency.map { request in
            Idempotent(request: request) { application, _ in
                let document = Components.Schemas.CreatedApplication(
                    application: .init(application, programme: programme, deadline: deadline(application)))
                return StoredResponse(status: 201, body: try Self.encode(document))
            }
        }
        do {
            let (application, code) = try await service.applications.create(
                programmeCode: body.programme, cooperativeId: cooperativeId, request: body.request.domain, by: actor,
                channel: .api, idempotent: idempotent)
            return .created(
                .init(
                    headers: .init(eTag: etag(application.version)),
                    body: .json(
                        .init(
                            application: .init(application, programme: programme, deadline: deadline(application)),
                            accessCode: code.value))))
        } catch IdempotencyError.inFlight {
            guard let idempotency, let stored = try await service.idempotency.replay(idempotency) else {
                throw APIError.idempotencyKeyReused
            }
            return try replayCreated(stored)
        }
    }

    private func replayCreated(_ stored: StoredResponse) throws -> Operations.CreateApplication.Output {
        let document = try Self.decode(Components.Schemas.CreatedApplication.self, stored.body)
        return .created(.init(headers: .init(eTag: etag(document.application.version)), body: .json(document)))
    }

    func getApplication(_ input: Operations.GetApplication.Input) async throws -> Operations.GetApplication.Output {
        let actor = try Caller.actor()
        let application = try await service.applications.get(reference: input.path.ref, by: actor)
        let programme = try await service.programmes.identity(application.programmeId)
        let deadline = try await service.applications.deadlines()
        return .ok(
            .init(
                headers: .init(eTag: etag(application.version)),
                body: .json(.init(application, programme: programme, deadline: deadline(application)))))
    }

    func listApplicationEvents(_ input: Operations.ListApplicationEvents.Input) async throws
        -> Operations.ListApplicationEvents.Output
    {
        let events = try await service.applications.events(reference: input.path.ref, by: try Caller.actor())
        return .ok(.init(body: .json(.init(items: events.map(Components.Schemas.Event.init)))))
    }

    func listAllowedActions(_ input: Operations.ListAllowedActions.Input) async throws
        -> Operations.ListAllowedActions.Output
    {
        let actions = try await service.applications.allowedActions(reference: input.path.ref, by: try Caller.actor())
        return .ok(.init(body: .json(.init(actions: actions.map { $0.converted() }))))
    }

    func performAction(_ input: Operations.PerformAction.Input) async throws -> Operations.PerformAction.Output {
        let actor = try Caller.actor()
        let action = input.path.action.converted(Action.self)
        let body: Components.Schemas.ActionInput? =
            switch input.body {
            case .json(let body): body
            case nil: nil
            }
        let idempotency = try idempotency(
            key: input.headers.idempotencyKey, actor: actor,
            operation: "POST /v1/applications/\(input.path.ref.uppercased())/actions/\(action.rawValue)", body: body)
        if let idempotency, let stored = try await service.idempotency.replay(idempotency) {
            return try replayAction(stored)
        }
        let version = try await expectedVersion(input.headers.ifMatch, of: input.path.ref, by: actor)
        let deadline = try await service.applications.deadlines()
        let idempotent = idempotency.map { request in
            Idempotent(request: request) { application, programme in
                StoredResponse(
                    status: 200,
                    body: try Self.encode(
                        Components.Schemas.Application(
                            application, programme: programme, deadline: deadline(application)))
                )
            }
        }
        do {
            let application = try await service.applications.perform(
                action, on: input.path.ref, reading: { kind in try body?.domain(for: kind) ?? ActionInput() },
                expectedVersion: version, by: actor, channel: .api, idempotent: idempotent)
            let programme = try await service.programmes.identity(application.programmeId)
            return .ok(
                .init(
                    headers: .init(eTag: etag(application.version)),
                    body: .json(.init(application, programme: programme, deadline: deadline(application)))))
        } catch IdempotencyError.inFlight {
            guard let idempotency, let stored = try await service.idempotency.replay(idempotency) else {
                throw APIError.idempotencyKeyReused
            }
            return try replayAction(stored)
        }
    }

    private func replayAction(_ stored: StoredResponse) throws -> Operations.PerformAction.Output {
        let document = try Self.decode(Components.Schemas.Application.self, stored.body)
        return .ok(.init(headers: .init(eTag: etag(document.version)), body: .json(document)))
    }
}

extension APIService {
    func reissueAccessCode(_ input: Operations.ReissueAccessCode.Input) async throws
        -> Operations.ReissueAccessCode.Output
    {
        let actor = try Caller.actor()
        let version = try await expectedVersion(input.headers.ifMatch, of: input.path.ref, by: actor)
        let (application, code) = try await service.applications.reissueCode(
            reference: input.path.ref, expectedVersion: version, by: actor, channel: .api)
        return .ok(
            .init(
                headers: .init(eTag: etag(application.version)),
                body: .json(
                    .init(
                        reference: application.reference.value, accessCode: code.value,
                        version: application.version))))
    }
}
