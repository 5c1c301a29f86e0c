import Foundation

/// A user account as administrators see it.
public struct User: Sendable, Equatable, Codable {
    public var id: UUID
    public var username: String
    public var displayName: String
    public var role: Role
    public var cooperativeId: UUID?
    public var disabled: Bool

    /// A new account's username as stored (lower case), when it has the accepted shape and the role and cooperative
    /// agree (an applicant acts for one cooperative, staff for none).
    public static func acceptedUsername(_ username: String, role: Role, cooperativeId: UUID?) throws(DomainError)
        -> String
    {
        let name = username.lowercased()
        guard name.range(of: "^[a-z0-9._-]{2,64}$", options: .regularExpression) != nil else {
            throw DomainError.validation(field: "username", reason: .codeFormat)
        }
        if (role == .applicant) != (cooperativeId != nil) {
            throw DomainError.validation(field: "cooperativeId", reason: role == .applicant ? .required : .unknownValue)
        }
        return name
    }

    public var actor: Actor { Actor(userId: id, username: username, role: role, cooperativeId: cooperativeId) }

    public init(id: UUID, username: String, displayName: String, role: Role, cooperativeId: UUID?, disabled: Bool) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.role = role
        self.cooperativeId = cooperativeId
        self.disabled = disabled
    }
}
