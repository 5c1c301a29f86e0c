import Foundation

/// One eligibility condition, stored as data so programmes can change their rules without code.
public enum EligibilityRule: Sendable, Equatable, Codable {
    case kindIn([CooperativeKind])
    case minMembers(Int)
    case minWorkers(Int)
    case maxAnnualRevenue(VND)
    case minYearsOperating(Int)
    case provinceIn([String])
    /// The seat's commune or ward must be one of these (judged through successors, as provinces are).
    case wardIn([String])
    /// The cooperative must lack at least one of these (support goes where the gap is).
    case lacksAny([ReadinessItem])

    /// Stable name used when a rule refuses an application.
    public var name: String {
        switch self {
        case .kindIn: "kindIn"
        case .minMembers: "minMembers"
        case .minWorkers: "minWorkers"
        case .maxAnnualRevenue: "maxAnnualRevenue"
        case .minYearsOperating: "minYearsOperating"
        case .provinceIn: "provinceIn"
        case .wardIn: "wardIn"
        case .lacksAny: "lacksAny"
        }
    }

    /// What a rule checks, in the words a refusal uses (by its stable name, which events and problems carry).
    public static func label(of name: String) -> LocalizedText {
        switch name {
        case "kindIn": LocalizedText(vi: "loại hình tổ chức", en: "kind of organisation")
        case "minMembers": LocalizedText(vi: "số thành viên tối thiểu", en: "minimum members")
        case "minWorkers": LocalizedText(vi: "số lao động tối thiểu", en: "minimum workers")
        case "maxAnnualRevenue": LocalizedText(vi: "doanh thu năm tối đa", en: "maximum annual revenue")
        case "minYearsOperating": LocalizedText(vi: "số năm hoạt động tối thiểu", en: "minimum years operating")
        case "provinceIn": LocalizedText(vi: "tỉnh, thành phố nơi đặt trụ sở", en: "province of the seat")
        case "wardIn": LocalizedText(vi: "xã, phường nơi đặt trụ sở", en: "commune or ward of the seat")
        case "lacksAny": LocalizedText(vi: "mức độ chuyển đổi số", en: "digital readiness")
        default: LocalizedText(vi: "điều kiện của chương trình", en: "programme condition")
        }
    }

    /// The rule as a person reads it in a case file: what it asks of a cooperative.
    public func summary(places: UnitCatalogue = UnitCatalogue()) -> LocalizedText {
        switch self {
        case .kindIn(let kinds):
            let vi = kinds.map(\.label.vi).joined(separator: ", ")
            let en = kinds.map(\.label.en).joined(separator: ", ")
            return LocalizedText(vi: "Loại hình: \(vi)", en: "Kind: \(en)")
        case .minMembers(let n): return LocalizedText(vi: "Ít nhất \(n) thành viên", en: "At least \(n) members")
        case .minWorkers(let n): return LocalizedText(vi: "Ít nhất \(n) lao động", en: "At least \(n) workers")
        case .maxAnnualRevenue(let v):
            return LocalizedText(
                vi: "Doanh thu năm không quá \(formatVND(v))", en: "Annual revenue at most \(formatVND(v))")
        case .minYearsOperating(let n):
            return LocalizedText(vi: "Hoạt động ít nhất \(n) năm", en: "Operating for at least \(n) years")
        case .provinceIn(let codes):
            return LocalizedText(vi: "Trụ sở tại: \(places.names(codes))", en: "Seated in: \(places.names(codes))")
        case .wardIn(let codes):
            return LocalizedText(vi: "Trụ sở tại: \(places.names(codes))", en: "Seated in: \(places.names(codes))")
        case .lacksAny(let items):
            let vi = items.map(\.label.vi).joined(separator: ", ")
            let en = items.map(\.label.en).joined(separator: ", ")
            return LocalizedText(vi: "Còn thiếu một trong: \(vi)", en: "Lacking one of: \(en)")
        }
    }

    /// Whether `cooperative` passes this rule on `date`, and if not, why.
    public func check(_ cooperative: Cooperative, on date: Date, places: UnitCatalogue = UnitCatalogue())
        -> LocalizedText?
    {
        switch self {
        case .kindIn(let kinds):
            guard !kinds.contains(cooperative.kind) else { return nil }
            return LocalizedText(
                vi: "loại hình phải là một trong: \(kinds.map(\.label.vi).joined(separator: ", "))",
                en: "kind must be one of: \(kinds.map(\.label.en).joined(separator: ", "))")
        case .minMembers(let minimum):
            guard cooperative.members < minimum else { return nil }
            return LocalizedText(
                vi: "cần ít nhất \(minimum) thành viên (có \(cooperative.members))",
                en: "needs at least \(minimum) members (has \(cooperative.members))")
        case .minWorkers(let minimum):
            guard cooperative.workers < minimum else { return nil }
            return LocalizedText(
                vi: "cần ít nhất \(minimum) lao động (có \(cooperative.workers))",
                en: "needs at least \(minimum) workers (has \(cooperative.workers))")
        case .maxAnnualRevenue(let maximum):
            guard cooperative.annualRevenue > maximum else { return nil }
            return LocalizedText(
                vi: "doanh thu năm không quá \(formatVND(maximum))",
                en: "annual revenue must not exceed \(formatVND(maximum))")
        case .minYearsOperating(let years):
            let calendar = Calendar(identifier: .gregorian)
            let limit = calendar.date(byAdding: .year, value: -years, to: date) ?? date
            guard cooperative.founded > limit else { return nil }
            return LocalizedText(
                vi: "phải hoạt động ít nhất \(years) năm", en: "must have operated for at least \(years) years")
        case .provinceIn(let codes):
            // Through the successor map: a province merged since still counts as the one it became.
            guard !places.matches(cooperative.address.province.code, anyOf: codes, on: CivilDay(date)) else {
                return nil
            }
            let list = places.names(codes)
            return LocalizedText(vi: "trụ sở phải thuộc tỉnh, thành phố: \(list)", en: "must be seated in: \(list)")
        case .wardIn(let codes):
            guard !places.matches(cooperative.address.ward.code, anyOf: codes, on: CivilDay(date)) else { return nil }
            let list = places.names(codes)
            return LocalizedText(vi: "trụ sở phải thuộc xã, phường: \(list)", en: "must be seated in: \(list)")
        case .lacksAny(let items):
            guard items.allSatisfy({ cooperative.readiness.has($0) }) else { return nil }
            return LocalizedText(
                vi: "chỉ hỗ trợ đơn vị còn thiếu một trong: \(items.map(\.label.vi).joined(separator: ", "))",
                en: "only for applicants lacking one of: \(items.map(\.label.en).joined(separator: ", "))")
        }
    }

    private enum CodingKeys: String, CodingKey { case rule, value, values }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rule = try container.decode(String.self, forKey: .rule)
        switch rule {
        case "kindIn": self = .kindIn(try container.decode([CooperativeKind].self, forKey: .values))
        case "minMembers": self = .minMembers(try container.decode(Int.self, forKey: .value))
        case "minWorkers": self = .minWorkers(try container.decode(Int.self, forKey: .value))
        case "maxAnnualRevenue": self = .maxAnnualRevenue(try container.decode(VND.self, forKey: .value))
        case "minYearsOperating": self = .minYearsOperating(try container.decode(Int.self, forKey: .value))
        case "provinceIn": self = .provinceIn(try container.decode([String].self, forKey: .values))
        case "wardIn": self = .wardIn(try container.decode([String].self, forKey: .values))
        case "lacksAny": self = .lacksAny(try container.decode([ReadinessItem].self, forKey: .values))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .rule, in: container, debugDescription: "unknown eligibility rule '\(rule)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .rule)
        switch self {
        case .kindIn(let kinds): try container.encode(kinds, forKey: .values)
        case .minMembers(let value), .minWorkers(let value), .minYearsOperating(let value):
            try container.encode(value, forKey: .value)
        case .maxAnnualRevenue(let value): try container.encode(value, forKey: .value)
        case .provinceIn(let codes), .wardIn(let codes): try container.encode(codes, forKey: .values)
        case .lacksAny(let items): try container.encode(items, forKey: .values)
        }
    }
}

/// A versioned set of rules. An application is judged by the version in force when it was submitted.
public struct EligibilityRuleSet: Sendable, Equatable, Codable {
    public var version: Int
    public var rules: [EligibilityRule]

    public init(version: Int, rules: [EligibilityRule]) {
        self.version = version
        self.rules = rules
    }

    /// The first failing rule, or nil when the cooperative is eligible.
    public func firstFailure(
        for cooperative: Cooperative, on date: Date, places: UnitCatalogue = UnitCatalogue()
    ) -> DomainError? {
        for rule in rules {
            if let why = rule.check(cooperative, on: date, places: places) {
                return .notEligible(rule: rule.name, detail: why)
            }
        }
        return nil
    }
}
