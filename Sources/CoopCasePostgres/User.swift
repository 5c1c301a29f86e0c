import CoopCaseDomain
import Foundation

/// A user account as administrators see it.
public struct User: Sendable, Equatable, Codable {
    public var id: UUID
    public var username: String
    public var displayName: String
    public var role: Role
    public var cooperativeId: UUID?
    public var disabled: Bool

    public var actor: Actor { Actor(userId: id, username: username, role: role, cooperativeId: cooperativeId) }
}
