/// Who may manage the reference data around the workflow.
public enum Administration: String, Sendable, CaseIterable {
    case manageUsers
    case manageProgrammes
    case manageCooperatives
    case verifyAudit
    case readReports
    case readRegistry
    case manageCalendar
    /// Deadlines and the overdue list: the staff who answer for them.
    case readDeadlines
    /// The officers' web workspace: provincial staff, not cooperatives or lenders.
    case useWorkspace

    public var roles: Set<Role> {
        switch self {
        case .manageUsers: [.admin]
        case .manageProgrammes: [.admin]
        case .manageCooperatives: [.admin, .officer]
        case .verifyAudit: [.admin, .auditor]
        case .readReports: [.officer, .approver, .auditor, .admin]
        // Not the lender: it records disbursements, and the registry holds contact names and phone numbers.
        case .readRegistry: [.officer, .approver, .auditor, .admin]
        case .manageCalendar: [.admin]
        case .readDeadlines: [.officer, .approver, .auditor, .admin]
        case .useWorkspace: [.officer, .approver, .auditor, .admin]
        }
    }

    /// What the permission allows, as a phrase after "may" / "được".
    public var label: LocalizedText {
        switch self {
        case .manageUsers: LocalizedText(vi: "quản lý người dùng", en: "manage users")
        case .manageProgrammes: LocalizedText(vi: "quản lý chương trình hỗ trợ", en: "manage programmes")
        case .manageCooperatives:
            LocalizedText(vi: "quản lý sổ đăng ký hợp tác xã", en: "manage the cooperative registry")
        case .verifyAudit:
            LocalizedText(vi: "kiểm tra và xuất nhật ký kiểm toán", en: "verify and export the audit trail")
        case .readReports: LocalizedText(vi: "xem báo cáo", en: "read reports")
        case .readRegistry: LocalizedText(vi: "xem sổ đăng ký hợp tác xã", en: "read the cooperative registry")
        case .manageCalendar: LocalizedText(vi: "quản lý lịch ngày làm việc", en: "manage the working calendar")
        case .readDeadlines: LocalizedText(vi: "xem thời hạn và hồ sơ quá hạn", en: "read deadlines and overdue cases")
        case .useWorkspace: LocalizedText(vi: "dùng trang làm việc của cán bộ", en: "use the officers' workspace")
        }
    }
}

extension Actor {
    /// Refuses, naming the permission, unless this actor's role grants it.
    public func require(_ permission: Administration) throws(DomainError) {
        guard permission.roles.contains(role) else {
            throw .notPermitted(permission: permission, role: role)
        }
    }
}
