import Foundation

/// An officer's edit of a registry entry: what may change, and what did.
public enum CooperativeEdit {
    /// The edited entry and the fields that changed, or a refusal: a stale version, a changed code (the code is the
    /// entry's identity; a new code is a new entry), or a field that breaks the registry's rules.
    public static func apply(
        _ edited: Cooperative, over current: Cooperative, expectedVersion: Int
    ) throws(DomainError) -> (Cooperative, [CooperativeChange.Field]) {
        guard current.version == expectedVersion else {
            throw .stale(expected: expectedVersion, actual: current.version)
        }
        guard edited.code == current.code else { throw .validation(field: "code", reason: .notAllowedNow) }
        var next = edited
        next.id = current.id
        next.version = current.version
        try next.validate()
        let changes = differences(from: current, to: next)
        if !changes.isEmpty { next.version += 1 }
        return (next, changes)
    }

    /// Each field that differs, as text a person reads in a history.
    public static func differences(from a: Cooperative, to b: Cooperative) -> [CooperativeChange.Field] {
        func unit(_ unit: AdministrativeUnit?) -> String? { unit.map { "\($0.name) (\($0.code))" } }
        let pairs: [(String, String?, String?)] = [
            ("name", a.name, b.name),
            ("kind", a.kind.rawValue, b.kind.rawValue),
            ("sector", a.sector, b.sector),
            ("address.street", a.address.street, b.address.street),
            ("address.ward", unit(a.address.ward), unit(b.address.ward)),
            ("address.district", unit(a.address.district), unit(b.address.district)),
            ("address.province", unit(a.address.province), unit(b.address.province)),
            ("members", String(a.members), String(b.members)),
            ("workers", String(a.workers), String(b.workers)),
            ("annualRevenue", String(a.annualRevenue), String(b.annualRevenue)),
            ("founded", CivilDay(a.founded).description, CivilDay(b.founded).description),
            ("contact.person", a.contact.person, b.contact.person),
            ("contact.phone", a.contact.phone, b.contact.phone),
            ("contact.email", a.contact.email, b.contact.email),
        ]
        var changes = pairs.filter { $0.1 != $0.2 }.map { CooperativeChange.Field(field: $0.0, from: $0.1, to: $0.2) }
        for item in ReadinessItem.allCases where a.readiness.has(item) != b.readiness.has(item) {
            changes.append(
                .init(
                    field: "readiness.\(item.rawValue)", from: String(a.readiness.has(item)),
                    to: String(b.readiness.has(item))))
        }
        return changes
    }
}
