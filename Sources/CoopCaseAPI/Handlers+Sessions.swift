import CoopCaseDomain
import CoopCaseService
import Foundation

extension APIService {
    func createSession(_ input: Operations.CreateSession.Input) async throws -> Operations.CreateSession.Output {
        guard case .json(let login) = input.body else { throw APIError.unsupportedMediaType }
        let username = login.username.lowercased()
        let address = Caller.current.clientAddress
        // Guesses at one username from anywhere are held back together; its owner, from an address it has signed in
        // from before, is not (the per-address limit still applies there).
        if !limiter.isKnown(username: username, address: address),
            let wait = limiter.take("login-user:\(username)", settings.rateLimits.login)
        {
            throw APIError.tooManyRequests(retryAfter: wait)
        }
        guard
            let session = try await service.sessions.signIn(
                username: username, password: login.password, decoyCost: settings.bcryptCost,
                lifetime: settings.sessionLifetime)
        else { throw APIError.invalidCredentials }
        limiter.remember(username: username, address: address)
        return .created(
            .init(body: .json(.init(token: session.token, expiresAt: session.expiresAt, user: .init(session.user)))))
    }

    func deleteCurrentSession(_ input: Operations.DeleteCurrentSession.Input) async throws
        -> Operations.DeleteCurrentSession.Output
    {
        _ = try Caller.actor()
        if let hash = Caller.current.tokenHash { try await service.sessions.revoke(tokenHash: hash) }
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let actor = try Caller.actor()
        guard let user = try await service.users.find(username: actor.username) else {
            throw APIError.unauthenticated
        }
        return .ok(.init(body: .json(.init(user))))
    }

    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        let users = try await service.users.list(by: try Caller.actor())
        return .ok(.init(body: .json(.init(items: users.map(Components.Schemas.User.init)))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        let actor = try Caller.actor()
        guard case .json(let body) = input.body else { throw APIError.unsupportedMediaType }
        try actor.require(.manageUsers)
        let cooperative = try body.cooperativeId.map { try uuid($0, field: "cooperativeId") }
        let user = try await service.users.create(
            username: body.username, displayName: body.displayName, role: body.role.converted(Role.self),
            cooperativeId: cooperative, password: body.password, cost: settings.bcryptCost, by: actor)
        return .created(.init(body: .json(.init(user))))
    }

    func disableUser(_ input: Operations.DisableUser.Input) async throws -> Operations.DisableUser.Output {
        try await service.users.setDisabled(username: input.path.username, true, by: try Caller.actor())
        return .noContent(.init())
    }
}
