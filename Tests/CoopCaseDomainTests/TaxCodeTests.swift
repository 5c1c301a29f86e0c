import CoopCaseDomain
import Foundation
import Testing

/// Tax codes as issued today: 10 digits with a check digit and an optional branch, typed with or without the
/// hyphen, and a household business's 12-digit personal identification number.
@Suite struct TaxCodeTests {
    @Test(arguments: [
        ("0100109106", "0100109106"),
        ("0100109106-001", "0100109106-001"),
        ("0100109106001", "0100109106-001"),
        (" 0100109106002 ", "0100109106-002"),
        ("001203012345", "001203012345"),
        ("096099000001", "096099000001"),
    ])
    func accepted(typed: String, stored: String) throws {
        #expect(try CooperativeCode(typed).value == stored)
    }

    @Test(arguments: [
        ("0100109107", ValidationReason.codeCheckDigit),
        ("0100109106-000", .codeFormat),
        ("0100109106000", .codeFormat),
        ("01001091060012", .codeFormat),
        ("010010910", .codeFormat),
        ("0100109106-01", .codeFormat),
        ("000203012345", .personalIDFormat),
        ("097203012345", .personalIDFormat),
        ("00120301234a", .codeFormat),
        ("", .codeFormat),
    ])
    func refused(typed: String, reason: ValidationReason) {
        #expect(throws: DomainError.validation(field: "code", reason: reason)) { try CooperativeCode(typed) }
    }

    @Test func aPersonalIdentificationNumberIsForHouseholdBusinessesOnly() throws {
        var entry = Cooperative(
            code: try CooperativeCode("001203012345"), name: "Hộ kinh doanh Nguyễn Văn A", kind: .householdBusiness,
            sector: "Rau",
            address: Address(
                street: "Thôn 1", ward: AdministrativeUnit(code: "11", name: "Phường Nhị Chiểu"), district: nil,
                province: AdministrativeUnit(code: "31", name: "Thành phố Hải Phòng")),
            members: 1, workers: 2, annualRevenue: 100_000_000, founded: Date(timeIntervalSince1970: 0),
            contact: Contact(person: "Nguyễn Văn A"), readiness: DigitalReadiness())
        try entry.validate()
        for kind in CooperativeKind.allCases where kind != .householdBusiness {
            entry.kind = kind
            #expect(throws: DomainError.validation(field: "code", reason: .personalIDForHouseholdsOnly)) {
                try entry.validate()
            }
        }
        entry.kind = .cooperative
        entry.code = try CooperativeCode("0100109106001")
        try entry.validate()
    }
}
