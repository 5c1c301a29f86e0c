import CoopCaseDomain
import CoopCaseService
import Foundation

/// Eligibility rules as the contract writes them, and back.
extension Components.Schemas.EligibilityRule {
    init(_ rule: EligibilityRule) {
        let name = RulePayload(rawValue: rule.name)!
        switch rule {
        case .kindIn(let kinds): self.init(rule: name, values: kinds.map(\.rawValue))
        case .minMembers(let value), .minWorkers(let value), .minYearsOperating(let value):
            self.init(rule: name, value: Int64(value))
        case .maxAnnualRevenue(let value): self.init(rule: name, value: value)
        case .provinceIn(let codes), .wardIn(let codes): self.init(rule: name, values: codes)
        case .lacksAny(let items): self.init(rule: name, values: items.map(\.rawValue))
        }
    }

    func domain(at index: Int) throws -> EligibilityRule {
        let field = "rules[\(index)]"
        func number() throws -> Int64 {
            guard let value else { throw DomainError.validation(field: field + ".value", reason: .required) }
            return value
        }
        func list<T: RawRepresentable>(_ type: T.Type) throws -> [T] where T.RawValue == String {
            guard let values, !values.isEmpty else {
                throw DomainError.validation(field: field + ".values", reason: .required)
            }
            return try values.map {
                guard let item = T(rawValue: $0) else {
                    throw DomainError.validation(field: field + ".values", reason: .unknownValue)
                }
                return item
            }
        }
        switch rule {
        case .kindIn: return .kindIn(try list(CooperativeKind.self))
        case .minMembers: return .minMembers(Int(clamping: try number()))
        case .minWorkers: return .minWorkers(Int(clamping: try number()))
        case .maxAnnualRevenue: return .maxAnnualRevenue(try number())
        case .minYearsOperating: return .minYearsOperating(Int(clamping: try number()))
        case .provinceIn, .wardIn:
            guard let values, !values.isEmpty else {
                throw DomainError.validation(field: field + ".values", reason: .required)
            }
            return rule == .wardIn ? .wardIn(values) : .provinceIn(values)
        case .lacksAny: return .lacksAny(try list(ReadinessItem.self))
        }
    }
}
