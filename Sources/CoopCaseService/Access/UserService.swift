import CoopCaseDomain
internal import CoopCasePostgres
import Foundation

/// User accounts: created, listed, disabled and given passwords by administrators.
public struct UserService: Sendable {
    let database: Database
    var store: UserStore { database.users }

    /// Creates a user; `password`, when given, is hashed at `cost` (see `Passwords`).
    public func create(
        username: String, displayName: String, role: Role, cooperativeId: UUID? = nil, password: String? = nil,
        cost: UInt8 = 12, by actor: Actor?
    ) async throws -> User {
        try actor?.require(.manageUsers)
        let name = try User.acceptedUsername(username, role: role, cooperativeId: cooperativeId)
        let hash: String? =
            if let password { try await Passwords.hash(try Passwords.acceptable(password), cost: cost) } else { nil }
        return try await store.create(
            username: name, displayName: displayName, role: role, cooperativeId: cooperativeId, passwordHash: hash)
    }

    public func find(username: String) async throws -> User? { try await store.find(username: username) }

    /// The acting user of that username; refused when there is none or it is disabled.
    public func actor(username: String) async throws -> Actor { try await store.actor(username: username) }

    public func list(by actor: Actor) async throws -> [User] {
        try actor.require(.manageUsers)
        return try await store.list()
    }

    /// Sets a new password, hashed at `cost`, and ends the user's sessions. Users may set their own; an
    /// administrator anyone's. `actor` nil: bootstrap (the first admin).
    public func setPassword(username: String, password: String, cost: UInt8, by actor: Actor?) async throws {
        if let actor, actor.username != username.lowercased() { try actor.require(.manageUsers) }
        let hash = try await Passwords.hash(try Passwords.acceptable(password), cost: cost)
        try await store.setPassword(username: username, hash: hash)
    }

    public func setDisabled(username: String, _ disabled: Bool, by actor: Actor) async throws {
        try actor.require(.manageUsers)
        try await store.setDisabled(username: username, disabled)
    }

    public func setRole(username: String, role: Role, by actor: Actor) async throws {
        try actor.require(.manageUsers)
        guard role != .applicant else { throw DomainError.validation(field: "role", reason: .unknownValue) }
        try await store.setRole(username: username, role: role)
    }
}
