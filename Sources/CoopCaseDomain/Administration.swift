/// Who may manage the reference data around the workflow.
public enum Administration: String, Sendable, CaseIterable {
    case manageUsers
    case manageProgrammes
    case manageCooperatives
    case verifyAudit
    case readReports
    case readRegistry

    public var roles: Set<Role> {
        switch self {
        case .manageUsers: [.admin]
        case .manageProgrammes: [.admin]
        case .manageCooperatives: [.admin, .officer]
        case .verifyAudit: [.admin, .auditor]
        case .readReports: [.officer, .approver, .auditor, .admin]
        case .readRegistry: [.officer, .approver, .auditor, .lender, .admin]
        }
    }
}

extension Actor {
    /// Refuses, naming the permission, unless this actor's role grants it.
    public func require(_ permission: Administration) throws(DomainError) {
        guard permission.roles.contains(role) else {
            throw .notPermitted(permission: permission.rawValue, role: role)
        }
    }
}
