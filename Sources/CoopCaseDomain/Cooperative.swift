import Foundation

/// An applicant's tax / registration code as issued today: 10 digits with a check digit, optionally `-NNN` for a
/// branch (typed with or without its hyphen: `0100109106001` is `0100109106-001`), or, for a household business, its
/// representative's 12-digit personal identification number, its tax code since 1 July 2025.
public struct CooperativeCode: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String

    /// Weights of the Vietnamese tax-code check digit (digit 10 = 10 − Σ dᵢwᵢ mod 11).
    static let weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]

    /// Whether this is a personal identification number (accepted for household businesses only).
    public var isPersonalID: Bool { value.count == 12 && !value.contains("-") }

    public init(_ raw: String) throws(DomainError) {
        var text = raw.trimmed(keepingNewlines: true)
        let allDigits = text.utf8.allSatisfy { (48...57).contains($0) }
        if allDigits && text.utf8.count == 12 {
            // A personal identification number: the code of the province of birth registration (001–096), the
            // century-and-sex digit, the year of birth's last two digits, six more.
            guard let province = Int(text.prefix(3)), (1...96).contains(province) else {
                throw .validation(field: "code", reason: .personalIDFormat)
            }
            self.value = text
            return
        }
        if allDigits && text.utf8.count == 13 { text = String(text.prefix(10)) + "-" + String(text.suffix(3)) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else {
            throw .validation(field: "code", reason: .codeFormat)
        }
        let main = parts[0]
        guard main.count == 10, main.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .validation(field: "code", reason: .codeFormat)
        }
        if parts.count == 2 {
            let branch = parts[1]
            guard branch.count == 3, branch.allSatisfy({ $0.isASCII && $0.isNumber }), branch != "000" else {
                throw .validation(field: "code", reason: .codeFormat)
            }
        }
        let digits = main.compactMap { $0.wholeNumberValue }
        guard Self.checkDigit(Array(digits.prefix(9))) == digits[9] else {
            throw .validation(field: "code", reason: .codeCheckDigit)
        }
        self.value = text
    }

    /// The check digit for the first nine digits, or nil when no digit can complete them.
    public static func checkDigit(_ nine: [Int]) -> Int? {
        precondition(nine.count == 9)
        let sum = zip(nine, weights).reduce(0) { $0 + $1.0 * $1.1 }
        let check = 10 - sum % 11
        return check == 10 ? nil : (check == 11 ? nil : check)
    }

    /// Completes nine digits with their check digit; nil when no digit can (those prefixes are unused).
    public static func completing(_ nine: String) -> CooperativeCode? {
        let digits = nine.compactMap(\.wholeNumberValue)
        guard nine.count == 9, digits.count == 9, let check = checkDigit(digits) else { return nil }
        return try? CooperativeCode(nine + String(check))
    }

    public var description: String { value }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        self = try CooperativeCode(raw)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// The legal form of an applicant organisation.
public enum CooperativeKind: String, Codable, Sendable, CaseIterable {
    case cooperative
    case cooperativeUnion
    case cooperativeGroup
    case privateEnterprise
    case householdBusiness

    public var label: LocalizedText {
        switch self {
        case .cooperative: LocalizedText(vi: "Hợp tác xã", en: "Cooperative")
        case .cooperativeUnion: LocalizedText(vi: "Liên hiệp hợp tác xã", en: "Cooperative union")
        case .cooperativeGroup: LocalizedText(vi: "Tổ hợp tác", en: "Cooperative group")
        case .privateEnterprise: LocalizedText(vi: "Doanh nghiệp tư nhân", en: "Private enterprise")
        case .householdBusiness: LocalizedText(vi: "Hộ kinh doanh", en: "Household business")
        }
    }
}

/// The digital gaps the programmes exist to close.
public enum ReadinessItem: String, Codable, Sendable, CaseIterable {
    case computer
    case internet
    case website
    case accountingSoftware
    case salesSoftware

    public var label: LocalizedText {
        switch self {
        case .computer: LocalizedText(vi: "máy tính", en: "computer")
        case .internet: LocalizedText(vi: "internet", en: "internet")
        case .website: LocalizedText(vi: "trang web", en: "website")
        case .accountingSoftware: LocalizedText(vi: "phần mềm kế toán", en: "accounting software")
        case .salesSoftware: LocalizedText(vi: "phần mềm bán hàng", en: "sales software")
        }
    }
}

/// Which digital tools a cooperative already has.
public struct DigitalReadiness: Codable, Sendable, Equatable {
    public var computer: Bool
    public var internet: Bool
    public var website: Bool
    public var accountingSoftware: Bool
    public var salesSoftware: Bool

    public init(
        computer: Bool = false, internet: Bool = false, website: Bool = false,
        accountingSoftware: Bool = false, salesSoftware: Bool = false
    ) {
        self.computer = computer
        self.internet = internet
        self.website = website
        self.accountingSoftware = accountingSoftware
        self.salesSoftware = salesSoftware
    }

    public func has(_ item: ReadinessItem) -> Bool {
        switch item {
        case .computer: computer
        case .internet: internet
        case .website: website
        case .accountingSoftware: accountingSoftware
        case .salesSoftware: salesSoftware
        }
    }
}

/// An administrative unit by its official code and the name it had when recorded.
/// Units are merged and renamed over time, so both are stored rather than looked up.
public struct AdministrativeUnit: Codable, Sendable, Equatable {
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

public struct Address: Codable, Sendable, Equatable {
    public var street: String
    public var ward: AdministrativeUnit
    public var district: AdministrativeUnit?
    public var province: AdministrativeUnit

    public init(street: String, ward: AdministrativeUnit, district: AdministrativeUnit?, province: AdministrativeUnit) {
        self.street = street
        self.ward = ward
        self.district = district
        self.province = province
    }
}

public struct Contact: Codable, Sendable, Equatable {
    public var person: String
    public var phone: String?
    public var email: String?

    public init(person: String, phone: String? = nil, email: String? = nil) {
        self.person = person
        self.phone = phone
        self.email = email
    }
}

/// An applicant organisation.
public struct Cooperative: Codable, Sendable, Equatable, Identifiable {
    public var id: UUID
    public var code: CooperativeCode
    public var name: String
    public var kind: CooperativeKind
    public var sector: String
    public var address: Address
    public var members: Int
    public var workers: Int
    public var annualRevenue: VND
    public var founded: Date
    public var contact: Contact
    public var readiness: DigitalReadiness
    /// Starts at 1; every edit that changes something increments it (the ETag).
    public var version: Int = 1

    public init(
        id: UUID = UUID(), code: CooperativeCode, name: String, kind: CooperativeKind, sector: String,
        address: Address, members: Int, workers: Int, annualRevenue: VND, founded: Date, contact: Contact,
        readiness: DigitalReadiness
    ) {
        self.id = id
        self.code = code
        self.name = name
        self.kind = kind
        self.sector = sector
        self.address = address
        self.members = members
        self.workers = workers
        self.annualRevenue = annualRevenue
        self.founded = founded
        self.contact = contact
        self.readiness = readiness
    }

    /// The most members or workers a registry entry may state (the contract's `maximum`).
    public static let maximumHeadcount = 1_000_000
    /// The most annual revenue a registry entry may state: a million billion đồng, far past any cooperative, and
    /// low enough that the registry's sums stay far inside `Int64`.
    public static let maximumRevenue: VND = 1_000_000_000_000_000

    /// Checks the fields a registry entry must satisfy.
    public func validate() throws(DomainError) {
        if name.trimmed(keepingNewlines: true).isEmpty {
            throw .validation(field: "name", reason: .required)
        }
        if members < 0 { throw .validation(field: "members", reason: .notNegative) }
        if workers < 0 { throw .validation(field: "workers", reason: .notNegative) }
        if members > Self.maximumHeadcount { throw .validation(field: "members", reason: .tooLarge) }
        if workers > Self.maximumHeadcount { throw .validation(field: "workers", reason: .tooLarge) }
        if annualRevenue < 0 { throw .validation(field: "annualRevenue", reason: .notNegative) }
        if annualRevenue > Self.maximumRevenue { throw .validation(field: "annualRevenue", reason: .tooLarge) }
        if address.province.code.isEmpty { throw .validation(field: "address.province", reason: .required) }
        if code.isPersonalID && kind != .householdBusiness {
            throw .validation(field: "code", reason: .personalIDForHouseholdsOnly)
        }
    }
}
