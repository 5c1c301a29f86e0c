import Foundation

/// One edit of a cooperative, as its history shows it: who, when, the version it made, and each field from and to.
public struct CooperativeChange: Sendable, Equatable, Codable {
    public struct Field: Sendable, Equatable, Codable {
        /// The field's path, e.g. `members`, `address.ward`.
        public var field: String
        public var from: String?
        public var to: String?

        public init(field: String, from: String?, to: String?) {
            self.field = field
            self.from = from
            self.to = to
        }
    }

    public var at: Date
    public var username: String
    public var version: Int
    public var changes: [Field]

    public init(at: Date, username: String, version: Int, changes: [Field]) {
        self.at = at
        self.username = username
        self.version = version
        self.changes = changes
    }
}
