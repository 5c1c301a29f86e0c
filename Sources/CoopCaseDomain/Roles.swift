import Foundation

/// What a user may do in the system; one role per user.
public enum Role: String, Codable, Sendable, CaseIterable {
    case applicant
    case officer
    case approver
    case auditor
    case lender
    case admin

    public var label: LocalizedText {
        switch self {
        case .applicant: LocalizedText(vi: "hợp tác xã nộp hồ sơ", en: "applicant")
        case .officer: LocalizedText(vi: "cán bộ thẩm định", en: "reviewing officer")
        case .approver: LocalizedText(vi: "lãnh đạo phê duyệt", en: "approver")
        case .auditor: LocalizedText(vi: "thanh tra, kiểm toán", en: "auditor")
        case .lender: LocalizedText(vi: "ngân hàng cho vay được ủy thác", en: "entrusted lender")
        case .admin: LocalizedText(vi: "quản trị hệ thống", en: "administrator")
        }
    }
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
    /// The officers' workspace.
    case web
    /// Received on paper at the one-stop desk.
    case counter

    public var label: LocalizedText {
        switch self {
        case .api: LocalizedText(vi: "trực tuyến", en: "online")
        case .cli: LocalizedText(vi: "dòng lệnh", en: "command line")
        case .web: LocalizedText(vi: "trang làm việc", en: "workspace")
        case .counter: LocalizedText(vi: "bộ phận một cửa", en: "one-stop desk")
        }
    }
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
