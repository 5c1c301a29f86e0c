import Foundation

/// What the domain needs to know besides the application to decide an action.
public struct DecisionContext: Sendable {
    public var programme: Programme
    public var cooperative: Cooperative
    public var now: Date
    public var calendar: WorkingCalendar

    public init(
        programme: Programme, cooperative: Cooperative, now: Date, calendar: WorkingCalendar = WorkingCalendar()
    ) {
        self.programme = programme
        self.cooperative = cooperative
        self.now = now
        self.calendar = calendar
    }
}

extension Workflow {
    /// Whether `actor` may see `application` at all. Applicants see only their own cooperative's.
    public static func canSee(_ actor: Actor, cooperativeId: UUID) -> Bool {
        actor.role != .applicant || actor.cooperativeId == cooperativeId
    }

    /// Starts a new draft. Applicants act for their own cooperative; officers on a cooperative's behalf.
    public static func create(
        id: UUID, reference: PublicReference, request: ApplicationRequest, by actor: Actor,
        context: DecisionContext
    ) throws(DomainError) -> Outcome {
        guard transition(for: .create).roles.contains(actor.role) else {
            throw .forbidden(action: .create, role: actor.role)
        }
        guard canSee(actor, cooperativeId: context.cooperative.id) else { throw .notFound(entity: .cooperative) }
        if context.programme.status == .archived || context.programme.status == .closed {
            throw .programmeNotOpen(status: context.programme.status)
        }
        try request.validate()
        let application = Application(
            id: id, reference: reference, programmeId: context.programme.id, cooperativeId: context.cooperative.id,
            request: request, createdBy: actor.userId, at: context.now)
        return Outcome(
            application: application, action: .create, from: nil, ledger: .zero, input: ActionInput(request: request))
    }

    /// Whether `actor`'s role may ever do `action` in this programme, whatever the application's state.
    public static func authorizeRole(_ action: Action, by actor: Actor, programme: Programme) throws(DomainError) {
        guard transition(for: action).roles.contains(actor.role), action != .create else {
            throw .forbidden(action: action, role: actor.role)
        }
        if actor.role == .lender && programme.kind != .preferentialLoan {
            throw .forbidden(action: action, role: actor.role)
        }
    }

    /// Checks who may do `action` now, without looking at the input. Throws the rule that refuses.
    public static func authorize(_ action: Action, on application: Application, by actor: Actor, programme: Programme)
        throws(DomainError)
    {
        guard canSee(actor, cooperativeId: application.cooperativeId) else { throw .notFound(entity: .application) }
        try authorizeRole(action, by: actor, programme: programme)
        let row = transition(for: action)
        guard row.from.contains(application.state) else {
            throw .invalidTransition(action: action, state: application.state)
        }
        if action == .approve {
            if application.recommendation?.by == actor.userId { throw .fourEyes(rule: "approverIsRecommender") }
            if application.submittedBy == actor.userId { throw .fourEyes(rule: "approverIsSubmitter") }
        }
        if action == .recommend && application.submittedBy == actor.userId {
            throw .fourEyes(rule: "recommenderIsSubmitter")
        }
    }

    /// What `actor` may do to `application` now (input-dependent guards aside).
    public static func allowedActions(for actor: Actor, on application: Application, programme: Programme) -> [Action] {
        Action.allCases.filter { action in
            do throws(DomainError) {
                try authorize(action, on: application, by: actor, programme: programme)
                return true
            } catch {
                return false
            }
        }
    }

    /// Decides `action`: the one place the workflow's rules are applied.
    public static func decide(
        _ action: Action, input: ActionInput, on application: Application, by actor: Actor, context: DecisionContext
    ) throws(DomainError) -> Outcome {
        let programme = context.programme
        try authorize(action, on: application, by: actor, programme: programme)
        var next = application
        let now = context.now
        switch action {
        case .create:
            throw .forbidden(action: action, role: actor.role)
        case .update:
            guard let request = input.request else { throw .validation(field: "request", reason: .required) }
            try request.validate()
            try checkItems(request, programme: programme)
            next.request = request
        case .submit:
            guard programme.status == .open else { throw .programmeNotOpen(status: programme.status) }
            guard programme.acceptsSubmissions(at: now) else { throw .callWindowClosed }
            try application.request.validate()
            try checkItems(application.request, programme: programme)
            let amount = application.request.amount
            if amount > programme.ceilingPerApplication {
                throw .ceilingExceeded(ceiling: programme.ceilingPerApplication, requested: amount)
            }
            if let cap = programme.capPerCooperative, amount > cap {
                throw .cooperativeCapExceeded(cap: cap, used: 0, requested: amount)
            }
            let missing = programme.requiredDocuments.filter { !application.request.documents.contains($0) }
            if !missing.isEmpty { throw .missingDocuments(missing) }
            if let failure = programme.rules.firstFailure(for: context.cooperative, on: now) { throw failure }
            next.ruleVersion = programme.rules.version
            next.submittedBy = actor.userId
            next.submittedAt = now
            next.reviewDueAt = context.calendar.adding(workingDays: programme.reviewDeadlineWorkingDays, to: now)
        case .withdraw:
            break
        case .startReview:
            next.assignee = actor.userId
        case .requestInfo:
            let message = try required(input.message, "message")
            next.infoRequest = message
            next.clockPausedAt = now
        case .resubmit:
            if let paused = application.clockPausedAt, let due = application.reviewDueAt {
                let pausedDays = context.calendar.workingDays(from: paused, to: now)
                next.reviewDueAt = context.calendar.adding(workingDays: pausedDays, to: due)
            }
            next.clockPausedAt = nil
            next.infoRequest = nil
        case .recommend:
            guard let kind = input.recommendation else { throw .validation(field: "recommendation", reason: .required) }
            let reason = try required(input.reason, "reason")
            var amount: Int64 = 0
            if kind == .award {
                guard let awarded = input.amount else { throw .validation(field: "amount", reason: .required) }
                guard awarded > 0 else { throw .validation(field: "amount", reason: .positive) }
                if awarded > application.request.amount {
                    throw .validation(field: "amount", reason: .aboveRequested)
                }
                if awarded > programme.ceilingPerApplication {
                    throw .ceilingExceeded(ceiling: programme.ceilingPerApplication, requested: awarded)
                }
                amount = awarded
            }
            next.recommendation = Recommendation(kind: kind, amount: amount, reason: reason, by: actor.userId)
        case .returnForReview:
            _ = try required(input.reason, "reason")
            next.recommendation = nil
        case .approve:
            guard let recommendation = application.recommendation, recommendation.kind == .award else {
                throw .validation(field: "recommendation", reason: .deniedRecommendation)
            }
            let amount = input.amount ?? recommendation.amount
            guard amount > 0 else { throw .validation(field: "amount", reason: .positive) }
            guard amount <= recommendation.amount else { throw .validation(field: "amount", reason: .aboveRecommended) }
            let reason = try required(input.reason, "reason")
            let legalBasis = try required(input.legalBasis, "legalBasis")
            next.decision = Decision(
                kind: .approve, amount: amount, reason: reason, reasonCode: nil, legalBasis: legalBasis,
                by: actor.userId)
        case .reject:
            guard let code = input.reasonCode else { throw .validation(field: "reasonCode", reason: .required) }
            let legalBasis = try required(input.legalBasis, "legalBasis")
            next.decision = Decision(
                kind: .reject, amount: 0, reason: input.reason ?? code.label.vi, reasonCode: code,
                legalBasis: legalBasis, by: actor.userId)
        case .fulfil:
            guard let evidence = input.evidence else { throw .validation(field: "evidence", reason: .required) }
            guard evidence.kind == programme.kind else { throw .validation(field: "evidence", reason: .evidenceKind) }
            try evidence.validate()
            let approved = application.decision?.amount ?? 0
            if evidence.spent > approved { throw .validation(field: "evidence.amount", reason: .aboveApproved) }
            next.evidence = evidence
        case .cancel:
            _ = try required(input.reason, "reason")
        case .close:
            break
        }
        if let to = transition(for: action).to { next.state = to }
        next.version = application.version + 1
        next.updatedAt = now
        return Outcome(
            application: next, action: action, from: application.state,
            ledger: next.ledgerHolding - application.ledgerHolding, input: input)
    }

    private static func required(_ value: String?, _ field: String) throws(DomainError) -> String {
        guard let text = value?.trimmed(), !text.isEmpty else {
            throw .validation(field: field, reason: .required)
        }
        guard text.count <= 4000 else { throw .validation(field: field, reason: .tooLong) }
        return text
    }

    private static func checkItems(_ request: ApplicationRequest, programme: Programme) throws(DomainError) {
        guard case .equipment(_, let eligible) = programme.terms, !eligible.isEmpty else { return }
        for (index, item) in request.items.enumerated() where !eligible.contains(item.name) {
            throw .validation(field: "items[\(index)].name", reason: .unknownValue)
        }
    }
}
