import CoopCaseDomain
import Foundation
import Testing

@Suite struct ValueTests {
    @Test(arguments: ["0800000000", "080000000", "08000000001", "08000000x0", "0800000001-0001", "0800000001-000"])
    func malformedCooperativeCodesAreRefused(raw: String) {
        #expect(throws: DomainError.self) { try CooperativeCode(raw) }
    }

    @Test func checkDigitIsVerified() throws {
        let valid = try #require(CooperativeCode.completing("010010721"))
        #expect(valid.value.count == 10)
        #expect(try CooperativeCode(valid.value + "-001").value.hasSuffix("-001"))
        let last = valid.value.last!.wholeNumberValue!
        let wrong = String(valid.value.dropLast()) + String((last + 1) % 10)
        #expect(throws: DomainError.validation(field: "code", reason: .codeCheckDigit)) { try CooperativeCode(wrong) }
    }

    @Test func referencesCarryALuhnDigitThatCatchesTypos() throws {
        let reference = PublicReference(kind: .preferentialLoan, year: 2026, serial: 123)
        #expect(reference.value == "VAY-2026-000123-3", "the example the pages and help texts show")
        #expect(PublicReference(parsing: " " + reference.value.lowercased() + " ") == reference)
        let typo = reference.value.replacingOccurrences(of: "000123", with: "000132")
        #expect(PublicReference(parsing: typo) == nil)
        #expect(PublicReference(parsing: "XXX-2026-000123-0") == nil)
    }

    /// The byte-wise parser against the plain reading of the rule, on valid references and their near misses.
    @Test func referenceParsingAgreesWithTheRuleAsWritten() {
        func byTheRule(_ raw: String) -> String? {
            let text = raw.trimmingCharacters(in: .whitespaces).uppercased()
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 4, ProgrammeKind.allCases.contains(where: { $0.referencePrefix == parts[0] }),
                parts[1].count == 4, parts[2].count == 6, parts[3].count == 1,
                (parts[1] + parts[2] + parts[3]).allSatisfy({ $0.isASCII && $0.isNumber })
            else { return nil }
            var sum = 0
            for (index, character) in (parts[1] + parts[2]).reversed().enumerated() {
                var digit = character.wholeNumberValue!
                if index % 2 == 0 { digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2 }
                sum += digit
            }
            return (10 - sum % 10) % 10 == parts[3].first!.wholeNumberValue ? text : nil
        }
        var generator = SystemRandomNumberGenerator()
        let noise: [String] = [" ", "\t", "\u{00A0}", "\u{3000}", "-", "--", "x", "ı", "é", "٣", "0", "9", ""]
        var accepted = 0
        for _ in 0..<20_000 {
            let kind = ProgrammeKind.allCases.randomElement(using: &generator)!
            var text = Array(
                PublicReference(
                    kind: kind, year: Int.random(in: 1000...9999, using: &generator),
                    serial: Int.random(in: 0...999_999, using: &generator)
                ).value)
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                let at = Int.random(in: 0...text.count, using: &generator)
                switch Int.random(in: 0...3, using: &generator) {
                case 0: text.insert(contentsOf: noise.randomElement(using: &generator)!, at: at)
                case 1 where at < text.count: text.remove(at: at)
                case 2 where at < text.count: text[at] = Character(String(text[at]).lowercased())
                case 3 where at < text.count: text[at] = Character(String(Int.random(in: 0...9, using: &generator)))
                default: break
                }
            }
            let raw = String(text)
            #expect(PublicReference(parsing: raw)?.value == byTheRule(raw), "\(raw)")
            if byTheRule(raw) != nil { accepted += 1 }
        }
        #expect(accepted > 2_000, "the cases include many valid references")
    }

    @Test func accessCodesMatchOnlyThemselves() {
        let code = AccessCode.generate()
        let stored = code.stored()
        #expect(!stored.contains(code.value))
        #expect(AccessCode.matches(code.value, stored: stored))
        #expect(AccessCode.matches(code.value.lowercased().replacingOccurrences(of: "-", with: " "), stored: stored))
        #expect(!AccessCode.matches("AAAA-AAAA", stored: stored))
        #expect(code.stored() != stored, "each stored form is salted afresh")
    }

    @Test func ledgerRefusesToOverCommit() throws {
        let ledger = BudgetLedger(limit: 100, reserved: 60)
        #expect(throws: DomainError.budgetExhausted(requested: 50, available: 40)) {
            try ledger.applying(LedgerDelta(reserved: 50))
        }
        let moved = try ledger.applying(LedgerDelta(reserved: -60, committed: 60))
        #expect(moved.used == 60 && moved.holdsInvariant)
    }

    @Test func eligibilityRulesRoundTripThroughJSON() throws {
        let rules: [EligibilityRule] = [
            .kindIn([.cooperative, .cooperativeGroup]), .minMembers(7), .minWorkers(1),
            .maxAnnualRevenue(3_000_000_000),
            .minYearsOperating(1), .provinceIn(["30"]), .wardIn(["900206"]), .lacksAny([.website, .computer]),
        ]
        let data = try JSONEncoder().encode(rules)
        #expect(try JSONDecoder().decode([EligibilityRule].self, from: data) == rules)
        #expect(String(decoding: data, as: UTF8.self).contains("\"rule\":\"minMembers\""))
    }

    @Test func vndIsFormattedTheVietnameseWay() {
        #expect(formatVND(468_000_000) == "468.000.000 ₫")
        #expect(formatVND(0) == "0 ₫")
    }

    @Test func chainDetectsAnAlteredBody() {
        let id = UUID()
        var verifier = AuditChain.Verifier(application: id)
        let body = Data("{\"application\":\"\(id.uuidString)\",\"seq\":1}".utf8)
        let hash = AuditChain.hash(previous: AuditChain.genesis, body: body)
        var link = ChainLink(application: id, seq: 1, body: body, previousHash: AuditChain.genesis, hash: hash)
        var copy = verifier
        #expect(copy.feed(link) == nil)
        link.body = Data("{\"application\":\"\(id.uuidString)\",\"seq\":2}".utf8)
        #expect(verifier.feed(link)?.problem == .hashMismatch)
    }
}
