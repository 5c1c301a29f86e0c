/// Who may manage the reference data around the workflow.
public enum Administration: String, Sendable, CaseIterable {
    case manageUsers
    case manageProgrammes
    case manageCooperatives
    case verifyAudit
    case readReports

    public var roles: Set<Role> {
        switch self {
        case .manageUsers: [.admin]
        case .manageProgrammes: [.admin]
        case .manageCooperatives: [.admin, .officer]
        case .verifyAudit: [.admin, .auditor]
        case .readReports: [.officer, .approver, .auditor, .admin]
        }
    }
}
