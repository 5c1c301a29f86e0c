import CoopCaseDomain
import Foundation
import Testing

/// Places judged through the successor map.
@Suite struct UnitCatalogueTests {
    static let july2025 = CivilDay(year: 2025, month: 7, day: 1)
    static let catalogue = ShippedUnits.catalogue

    @Test func aMergedProvinceMatchesItsSuccessorBothWays() {
        let after = CivilDay(year: 2026, month: 1, day: 5)
        #expect(Self.catalogue.current("30", on: after) == ["31"])
        #expect(
            Self.catalogue.matches("30", anyOf: ["31"], on: after),
            "a rule for the new unit, a place recorded under the old")
        #expect(
            Self.catalogue.matches("31", anyOf: ["30"], on: after),
            "a rule for the old unit, a place recorded under the new")
        #expect(!Self.catalogue.matches("01", anyOf: ["31"], on: after))
        // Before the merger the two were different provinces.
        let before = CivilDay(year: 2025, month: 6, day: 30)
        #expect(!Self.catalogue.matches("30", anyOf: ["31"], on: before))
        #expect(
            Self.catalogue.successor(of: AdministrativeUnit(code: "30", name: "Tỉnh Hải Dương"), on: after)
                == AdministrativeUnit(code: "31", name: "Thành phố Hải Phòng"))
    }

    @Test func aSplitUnitHasNoSingleSuccessorButMatchesEachPart() {
        let catalogue = UnitCatalogue(
            units: [
                .init(code: "100", level: .commune, name: "Xã Cũ"), .init(code: "201", level: .commune, name: "A"),
                .init(code: "202", level: .commune, name: "B"),
            ],
            successions: [
                .init(from: "100", to: "201", effective: Self.july2025, basis: "NQ"),
                .init(from: "100", to: "202", effective: Self.july2025, basis: "NQ"),
            ])
        let day = CivilDay(year: 2026, month: 1, day: 1)
        #expect(catalogue.successor(of: AdministrativeUnit(code: "100", name: "Xã Cũ"), on: day) == nil)
        #expect(catalogue.matches("100", anyOf: ["202"], on: day) && catalogue.matches("201", anyOf: ["100"], on: day))
    }

    @Test func provinceInIsJudgedThroughTheMap() throws {
        var cooperative = Cooperative(
            code: try CooperativeCode("0100109106"), name: "HTX", kind: .cooperative, sector: "Rau",
            address: Address(
                street: "Thôn 1", ward: AdministrativeUnit(code: "10660", name: "Phường An Lưu"),
                district: AdministrativeUnit(code: "292", name: "Thị xã Kinh Môn"),
                province: AdministrativeUnit(code: "30", name: "Tỉnh Hải Dương")),
            members: 10, workers: 5, annualRevenue: 1, founded: Date(timeIntervalSince1970: 0),
            contact: Contact(person: "A"), readiness: DigitalReadiness())
        let rules = EligibilityRuleSet(version: 1, rules: [.provinceIn(["31"])])
        let now = Date(timeIntervalSince1970: 1_780_000_000)  // 2026
        #expect(rules.firstFailure(for: cooperative, on: now, places: Self.catalogue) == nil)
        #expect(rules.firstFailure(for: cooperative, on: now, places: UnitCatalogue()) != nil, "without the map")
        cooperative.address.province = AdministrativeUnit(code: "01", name: "Thành phố Hà Nội")
        #expect(rules.firstFailure(for: cooperative, on: now, places: Self.catalogue) != nil)
    }

    @Test func aUnitFileIsReadAndItsBadLinesNamed() {
        let good = """
            code,level,name,valid_to,successors,effective,basis
            11008,commune,Phường Nhị Chiểu,,,,
            10690,commune,Xã Phú Thứ,2025-06-30,11008,2025-07-01,Nghị quyết thử
            """
        guard case .success(let catalogue) = UnitCatalogueCSV.parse(good) else {
            Issue.record("a good file was refused")
            return
        }
        #expect(catalogue.current("10690", on: CivilDay(year: 2025, month: 8, day: 1)) == ["11008"])
        let bad = """
            code,level,name,valid_to,successors,effective,basis
            1x,commune,Sai mã,,,,
            12,ward,Sai cấp,,,,
            13,commune,Thiếu ngày,,14,,NQ
            """
        guard case .failure(let problems) = UnitCatalogueCSV.parse(bad) else {
            Issue.record("a bad file was accepted")
            return
        }
        #expect(problems.errors.map(\.line) == [2, 3, 4])
    }
}

/// Rules on communes and wards, judged through the map as provinces are.
@Suite struct WardRuleTests {
    @Test func wardInAcceptsTheOldCommuneAndTheNewWardAndNamesTheWardWhenItRefuses() throws {
        let effective = CivilDay(year: 2025, month: 7, day: 1)
        let catalogue = UnitCatalogue(
            units: [
                .init(code: "900201", level: .commune, name: "Phường Kinh Môn"),
                .init(
                    code: "900101", level: .commune, name: "Phường An Lưu",
                    validTo: CivilDay(year: 2025, month: 6, day: 30)),
                .init(code: "900207", level: .commune, name: "Xã Nam An Phụ"),
            ],
            successions: [.init(from: "900101", to: "900201", effective: effective, basis: "NQ")])
        var cooperative = Cooperative(
            code: try CooperativeCode("0100109106"), name: "HTX", kind: .cooperative, sector: "Rau",
            address: Address(
                street: "Thôn 1", ward: AdministrativeUnit(code: "900101", name: "Phường An Lưu"), district: nil,
                province: AdministrativeUnit(code: "31", name: "Thành phố Hải Phòng")),
            members: 10, workers: 5, annualRevenue: 1, founded: Date(timeIntervalSince1970: 0),
            contact: Contact(person: "A"), readiness: DigitalReadiness())
        let now = Date(timeIntervalSince1970: 1_780_000_000)  // 2026
        let newWard = EligibilityRuleSet(version: 1, rules: [.wardIn(["900201"])])
        let oldCommune = EligibilityRuleSet(version: 1, rules: [.wardIn(["900101"])])
        #expect(newWard.firstFailure(for: cooperative, on: now, places: catalogue) == nil, "recorded under the old")
        cooperative.address.ward = AdministrativeUnit(code: "900201", name: "Phường Kinh Môn")
        #expect(oldCommune.firstFailure(for: cooperative, on: now, places: catalogue) == nil, "rule on the old")
        // Before the merger the commune and the ward were different places.
        let june2025 = Date(timeIntervalSince1970: 1_750_000_000)
        #expect(oldCommune.firstFailure(for: cooperative, on: june2025, places: catalogue) != nil)
        cooperative.address.ward = AdministrativeUnit(code: "900207", name: "Xã Nam An Phụ")
        #expect(
            newWard.firstFailure(for: cooperative, on: now, places: catalogue)
                == .notEligible(
                    rule: "wardIn",
                    detail: LocalizedText(
                        vi: "trụ sở phải thuộc xã, phường: Phường Kinh Môn", en: "must be seated in: Phường Kinh Môn")))
        let json = try JSONEncoder().encode(EligibilityRule.wardIn(["900201"]))
        #expect(try JSONDecoder().decode(EligibilityRule.self, from: json) == .wardIn(["900201"]))
    }
}
