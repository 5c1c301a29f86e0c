import Foundation

/// One application as exported.
public struct ExportedApplication: Codable, Sendable {
    public var id: UUID
    public var reference: String
    public var programme: String
    public var cooperativeId: UUID
    public var state: String
    public var version: Int
    public var requestedAmount: Int64
    public var ruleVersion: Int?
    public var recommendedAmount: Int64?
    public var approvedAmount: Int64?
    public var createdAt: String
    public var updatedAt: String
    public var chainSeq: Int
    public var chainHead: String
    /// The request as stored (JSON).
    public var request: String

    public static let csvHeader = [
        "id", "reference", "programme", "cooperative_id", "state", "version", "requested_amount", "rule_version",
        "recommended_amount", "approved_amount", "created_at", "updated_at", "chain_seq", "chain_head",
    ]

    public init(
        id: UUID, reference: String, programme: String, cooperativeId: UUID, state: String, version: Int,
        requestedAmount: Int64, ruleVersion: Int?, recommendedAmount: Int64?, approvedAmount: Int64?, createdAt: String,
        updatedAt: String, chainSeq: Int, chainHead: String, request: String
    ) {
        self.id = id
        self.reference = reference
        self.programme = programme
        self.cooperativeId = cooperativeId
        self.state = state
        self.version = version
        self.requestedAmount = requestedAmount
        self.ruleVersion = ruleVersion
        self.recommendedAmount = recommendedAmount
        self.approvedAmount = approvedAmount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.chainSeq = chainSeq
        self.chainHead = chainHead
        self.request = request
    }
}

extension ExportedApplication: CSVLineRecord {
    public func writeFields(to line: inout CSVLineWriter) {
        line.field(id)
        line.field(reference)
        line.field(programme)
        line.field(cooperativeId)
        line.field(state)
        line.field(version)
        line.field(requestedAmount)
        line.field(ruleVersion)
        line.field(recommendedAmount)
        line.field(approvedAmount)
        line.field(createdAt)
        line.field(updatedAt)
        line.field(chainSeq)
        line.field(chainHead)
    }
}

extension ExportedApplication: JSONLineRecord {
    public func writeFields(to object: inout JSONObjectWriter) {
        object.field("approvedAmount", approvedAmount)
        object.field("chainHead", chainHead)
        object.field("chainSeq", chainSeq)
        object.field("cooperativeId", cooperativeId)
        object.field("createdAt", createdAt)
        object.field("id", id)
        object.field("programme", programme)
        object.field("recommendedAmount", recommendedAmount)
        object.field("reference", reference)
        object.field("request", request)
        object.field("requestedAmount", requestedAmount)
        object.field("ruleVersion", ruleVersion)
        object.field("state", state)
        object.field("updatedAt", updatedAt)
        object.field("version", version)
    }
}
