/// What a lookup was for, as a refusal names it to a person.
public enum Entity: String, Sendable, Equatable, CaseIterable {
    case application
    case cooperative
    case programme
    case user
    /// A day of the working calendar.
    case calendarEntry
    /// Anything else at an address (an unknown route).
    case resource

    public var label: LocalizedText {
        switch self {
        case .application: LocalizedText(vi: "hồ sơ", en: "application")
        case .cooperative: LocalizedText(vi: "hợp tác xã", en: "cooperative")
        case .programme: LocalizedText(vi: "chương trình", en: "programme")
        case .user: LocalizedText(vi: "người dùng", en: "user")
        case .calendarEntry: LocalizedText(vi: "ngày trong lịch làm việc", en: "calendar day")
        case .resource: LocalizedText(vi: "địa chỉ", en: "resource")
        }
    }
}
