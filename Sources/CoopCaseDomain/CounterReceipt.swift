/// What the one-stop desk records when it receives a dossier on paper: who brought it, what identity paper they
/// showed (its kind only — the number stays out of the chain), and the papers received.
public struct CounterReceipt: Codable, Sendable, Equatable {
    public enum IdentityPaper: String, Codable, Sendable, CaseIterable {
        /// Căn cước / căn cước công dân.
        case citizenIdentityCard
        /// Chứng minh nhân dân (still in hand until it expires).
        case identityCard
        case passport
        case other

        public var label: LocalizedText {
            switch self {
            case .citizenIdentityCard:
                LocalizedText(vi: "Thẻ căn cước / căn cước công dân", en: "Citizen identity card")
            case .identityCard: LocalizedText(vi: "Chứng minh nhân dân", en: "Identity card")
            case .passport: LocalizedText(vi: "Hộ chiếu", en: "Passport")
            case .other: LocalizedText(vi: "Giấy tờ tùy thân khác", en: "Other identity paper")
            }
        }
    }

    /// The person who brought the dossier, as written on the receipt.
    public var representative: String
    public var identityPaper: IdentityPaper
    /// The papers received, one line each, as the receipt lists them.
    public var papers: [String]

    public init(representative: String, identityPaper: IdentityPaper, papers: [String]) {
        self.representative = representative
        self.identityPaper = identityPaper
        self.papers = papers
    }

    /// Checks the fields a receipt needs.
    public func validate() throws(DomainError) {
        let name = representative.trimmed()
        if name.isEmpty { throw .validation(field: "counter.representative", reason: .required) }
        if name.count > 200 { throw .validation(field: "counter.representative", reason: .tooLong) }
        let listed = papers.map { $0.trimmed() }.filter { !$0.isEmpty }
        if listed.isEmpty { throw .validation(field: "counter.papers", reason: .required) }
        if listed.count > 50 || listed.contains(where: { $0.count > 300 }) {
            throw .validation(field: "counter.papers", reason: .tooLong)
        }
    }
}
