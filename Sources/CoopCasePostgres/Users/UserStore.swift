import CoopCaseDomain
import Foundation
import PostgresNIO

public struct UserStore: Sendable {
    let database: Database

    /// Stores a new user, its username as the use case accepted it (`User.acceptedUsername`), in lower case.
    @discardableResult
    public func create(
        username: String, displayName: String, role: Role, cooperativeId: UUID? = nil, passwordHash: String? = nil
    ) async throws -> User {
        let name = username.lowercased()
        let user = User(
            id: UUID(), username: name, displayName: displayName, role: role, cooperativeId: cooperativeId,
            disabled: false)
        do {
            try await database.rows(
                """
                INSERT INTO users (id, username, display_name, role, cooperative_id, password_hash)
                VALUES (\(user.id), \(user.username), \(displayName), \(role.rawValue), \(cooperativeId), \(passwordHash))
                """)
        } catch let error as PSQLError where error.sqlState == "23505" {
            throw DomainError.conflict(entity: .user, key: name)
        } catch let error as PSQLError where error.sqlState == "23503" {
            throw DomainError.notFound(entity: .cooperative)
        }
        return user
    }

    public func find(username: String) async throws -> User? {
        let rows = try await database.rows(
            """
            SELECT id, username, display_name, role, cooperative_id, disabled FROM users
            WHERE username = \(username.lowercased())
            """)
        for (id, name, display, role, cooperative, disabled) in try rows.decode(
            (UUID, String, String, String, UUID?, Bool).self)
        {
            return User(
                id: id, username: name, displayName: display, role: Role(rawValue: role) ?? .applicant,
                cooperativeId: cooperative, disabled: disabled)
        }
        return nil
    }

    /// The actor for `username`, refusing unknown and disabled accounts alike.
    public func actor(username: String) async throws -> Actor {
        guard let user = try await find(username: username), !user.disabled else {
            throw DomainError.notFound(entity: .user)
        }
        return user.actor
    }

    public func list() async throws -> [User] {
        let rows = try await database.rows(
            "SELECT id, username, display_name, role, cooperative_id, disabled FROM users ORDER BY username")
        var users: [User] = []
        for (id, name, display, role, cooperative, disabled) in try rows.decode(
            (UUID, String, String, String, UUID?, Bool).self)
        {
            users.append(
                User(
                    id: id, username: name, displayName: display, role: Role(rawValue: role) ?? .applicant,
                    cooperativeId: cooperative, disabled: disabled))
        }
        return users
    }

    /// Stores a new password hash (computed by the caller, off the event loop) and ends every session the user
    /// had, in one statement: whoever held the old password is signed out with it.
    public func setPassword(username: String, hash: String) async throws {
        let rows = try await database.rows(
            """
            WITH changed AS (
                UPDATE users SET password_hash = \(hash) WHERE username = \(username.lowercased()) RETURNING id
            ), ended AS (
                UPDATE sessions SET revoked_at = now()
                WHERE user_id IN (SELECT id FROM changed) AND revoked_at IS NULL
            )
            SELECT id FROM changed
            """)
        database.sessionCache.invalidate()
        try changed(rows)
    }

    public func setDisabled(username: String, _ disabled: Bool) async throws {
        let rows = try await database.rows(
            "UPDATE users SET disabled = \(disabled) WHERE username = \(username.lowercased()) RETURNING id")
        try changed(rows)
    }

    /// Changes a user's role, e.g. an officer promoted to approver; four-eyes still holds per application.
    public func setRole(username: String, role: Role) async throws {
        let rows = try await database.rows(
            """
            UPDATE users SET role = \(role.rawValue) WHERE username = \(username.lowercased()) AND role <> 'applicant'
            RETURNING id
            """)
        try changed(rows)
    }

    /// Ends an UPDATE of one user: its sessions may now be invalid, so none is answered from memory.
    private func changed(_ rows: [PostgresRow]) throws {
        database.sessionCache.invalidate()
        guard !rows.isEmpty else { throw DomainError.notFound(entity: .user) }
    }
}
