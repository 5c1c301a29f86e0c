/// What a user supplies with an action. Which fields matter depends on the action.
public struct ActionInput: Codable, Sendable, Equatable {
    public var reason: String?
    public var message: String?
    public var recommendation: RecommendationKind?
    public var amount: Int64?
    public var reasonCode: RejectionReason?
    public var legalBasis: String?
    public var evidence: FulfilmentEvidence?
    /// The new request, for `update`.
    public var request: ApplicationRequest?
    /// The desk's record, when an officer submits or resubmits a dossier received on paper.
    public var counter: CounterReceipt?
    /// The new day the result is promised for, when a late case is rescheduled.
    public var promisedOn: CivilDay?

    public init(
        reason: String? = nil, message: String? = nil, recommendation: RecommendationKind? = nil,
        amount: Int64? = nil, reasonCode: RejectionReason? = nil, legalBasis: String? = nil,
        evidence: FulfilmentEvidence? = nil, request: ApplicationRequest? = nil, counter: CounterReceipt? = nil,
        promisedOn: CivilDay? = nil
    ) {
        self.reason = reason
        self.message = message
        self.recommendation = recommendation
        self.amount = amount
        self.reasonCode = reasonCode
        self.legalBasis = legalBasis
        self.evidence = evidence
        self.request = request
        self.counter = counter
        self.promisedOn = promisedOn
    }
}

/// The result of a decision: the application as it will be, the ledger change, and what the event records.
public struct Outcome: Sendable {
    public var application: Application
    public var action: Action
    public var from: ApplicationState?
    public var ledger: LedgerDelta
    public var input: ActionInput
}
