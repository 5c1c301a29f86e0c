import Foundation

/// What a user may do in the system; one role per user.
public enum Role: String, Codable, Sendable, CaseIterable {
    case applicant
    case officer
    case approver
    case auditor
    case lender
    case admin
}

/// The person (or script) performing an action, as the use cases see them.
public struct Actor: Sendable, Equatable, Codable {
    public var userId: UUID
    public var username: String
    public var role: Role
    /// Set for applicants: the only cooperative whose records they may see.
    public var cooperativeId: UUID?

    public init(userId: UUID, username: String, role: Role, cooperativeId: UUID? = nil) {
        self.userId = userId
        self.username = username
        self.role = role
        self.cooperativeId = cooperativeId
    }
}

/// Where an action came from; recorded on every audit event.
public enum EventChannel: String, Codable, Sendable, CaseIterable {
    case api
    case cli
}

/// Languages the product speaks. Vietnamese is the default.
public enum Language: String, Codable, Sendable, CaseIterable {
    case vi
    case en

    /// Picks the first supported language from an `Accept-Language`-like list, else Vietnamese.
    public init(preferring header: String?) {
        let tags = (header ?? "").split(separator: ",").map {
            $0.split(separator: ";")[0].trimmed(keepingNewlines: true).lowercased()
        }
        for tag in tags {
            if tag.hasPrefix("en") {
                self = .en
                return
            }
            if tag.hasPrefix("vi") {
                self = .vi
                return
            }
        }
        self = .vi
    }
}

/// A text in both product languages.
public struct LocalizedText: Sendable, Equatable, Codable {
    public var vi: String
    public var en: String

    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }

    public func text(_ language: Language) -> String { language == .vi ? vi : en }
}
