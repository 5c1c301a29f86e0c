import Foundation

/// What the domain needs to know besides the application to decide an action.
public struct DecisionContext: Sendable {
    public var programme: Programme
    public var cooperative: Cooperative
    public var now: Date
    public var calendar: WorkingCalendar
    /// The administrative units and their successors, for rules on places.
    public var places: UnitCatalogue
    /// The eligibility rules an application was judged by at submission, when they are no longer the programme's
    /// current version; a resubmission is judged by them again.
    public var pinnedRules: EligibilityRuleSet?

    public init(
        programme: Programme, cooperative: Cooperative, now: Date, calendar: WorkingCalendar = WorkingCalendar(),
        places: UnitCatalogue = ShippedUnits.catalogue, pinnedRules: EligibilityRuleSet? = nil
    ) {
        self.places = places
        self.programme = programme
        self.cooperative = cooperative
        self.now = now
        self.calendar = calendar
        self.pinnedRules = pinnedRules
    }

    /// The rule set `application` is judged by: the version pinned at its submission, or the current one before.
    public func rules(for application: Application) -> EligibilityRuleSet {
        guard let pinned = application.ruleVersion, pinned != programme.rules.version, let pinnedRules,
            pinnedRules.version == pinned
        else { return programme.rules }
        return pinnedRules
    }
}

extension Workflow {
    /// Whether `actor` may see `application` at all. Applicants see only their own cooperative's.
    public static func canSee(_ actor: Actor, cooperativeId: UUID) -> Bool {
        actor.role != .applicant || actor.cooperativeId == cooperativeId
    }

    /// The states in which an entrusted lender sees a loan application: from its approval on, which is when there
    /// is a disbursement to record (or one that was cancelled).
    public static let lenderStates: [ApplicationState] = [.approved, .fulfilled, .closed, .cancelled]

    /// Whether `actor` may see `application` of a programme of `kind`: applicants their own cooperative's, the lender
    /// only loan applications from approval on, staff every one.
    public static func canSee(_ actor: Actor, _ application: Application, kind: ProgrammeKind) -> Bool {
        guard canSee(actor, cooperativeId: application.cooperativeId) else { return false }
        guard actor.role == .lender else { return true }
        return kind == .preferentialLoan && lenderStates.contains(application.state)
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
        guard context.programme.isVisible(to: actor.role) else { throw .notFound(entity: .programme) }
        if context.programme.status == .archived || context.programme.status == .closed {
            throw .programmeNotOpen(status: context.programme.status)
        }
        try request.validate()
        try checkCeiling(request, programme: context.programme)
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
        guard canSee(actor, application, kind: programme.kind) else { throw .notFound(entity: .application) }
        try authorizeRole(action, by: actor, programme: programme)
        let row = transition(for: action)
        guard row.from.contains(application.state) else {
            throw .invalidTransition(action: action, state: application.state)
        }
        if action == .approve {
            if application.recommendation?.by == actor.userId { throw .fourEyes(rule: "approverIsRecommender") }
            if application.submittedBy == actor.userId { throw .fourEyes(rule: "approverIsSubmitter") }
            if application.receivedBy.contains(actor.userId) { throw .fourEyes(rule: "approverReceivedAtDesk") }
        }
        if action == .recommend {
            if application.submittedBy == actor.userId { throw .fourEyes(rule: "recommenderIsSubmitter") }
            if application.receivedBy.contains(actor.userId) { throw .fourEyes(rule: "recommenderReceivedAtDesk") }
        }
        if action == .allowFurtherRequest && (application.infoRequests == 0 || application.furtherRequestAllowed) {
            throw .invalidTransition(action: action, state: application.state)
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
            try checkCeiling(request, programme: programme)
            try checkItems(request, programme: programme)
            next.request = request
        case .submit:
            try receiveAtDesk(input, by: actor, into: &next)
            guard programme.status == .open else { throw .programmeNotOpen(status: programme.status) }
            guard programme.acceptsSubmissions(at: now) else { throw .callWindowClosed }
            try checkSubmission(application.request, rules: programme.rules, context: context)
            next.ruleVersion = programme.rules.version
            next.submittedBy = actor.userId
            next.submittedAt = now
            let clock = StatutoryClock(calendar: context.calendar)
            next.reviewDueAt = StatutoryClock.closing(
                of: try clock.reviewDue(from: now, workingDays: programme.reviewDeadlineWorkingDays))
            next.intakeDueAt = try clock.intakeDue(from: now)
        case .withdraw:
            break
        case .startReview:
            next.assignee = actor.userId
        case .requestInfo:
            // The province asks for what is missing once; a second time needs an approver's leave.
            if application.infoRequests > 0 && !application.furtherRequestAllowed { throw .supplementAskedOnce }
            let message = try required(input.message, "message")
            next.infoRequest = message
            next.clockPausedAt = now
            next.infoRequests = application.infoRequests + 1
            next.furtherRequestAllowed = false
        case .resubmit:
            try receiveAtDesk(input, by: actor, into: &next)
            // Everything submission checked, again, on the request as updated since: the rules at the version pinned
            // then. The call window is not: a supplement answers the officer, it is not a new application.
            try checkSubmission(application.request, rules: context.rules(for: application), context: context)
            if let paused = application.clockPausedAt, let due = application.reviewDueAt {
                let clock = StatutoryClock(calendar: context.calendar)
                next.reviewDueAt = StatutoryClock.closing(
                    of: try clock.resumed(due: CivilDay(due), pausedAt: paused, resumedAt: now))
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
            next.decidedAt = now
        case .reject:
            guard let code = input.reasonCode else { throw .validation(field: "reasonCode", reason: .required) }
            next.decidedAt = now
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
        case .allowFurtherRequest:
            _ = try required(input.reason, "reason")
            next.furtherRequestAllowed = true
        case .reissueCode:
            // The new code itself is made and stored by the caller, never recorded in the chain.
            break
        case .reschedule:
            // The statutory due day stays what it was (the case is late); the promise is the event's.
            guard let due = application.reviewDueAt, now > due else {
                throw .validation(field: "promisedOn", reason: .notLate)
            }
            guard let day = input.promisedOn else { throw .validation(field: "promisedOn", reason: .required) }
            guard day > CivilDay(now) else { throw .validation(field: "promisedOn", reason: .notAfterToday) }
            try context.calendar.requireCovered(day)
            guard context.calendar.isWorkingDay(day) else {
                throw .validation(field: "promisedOn", reason: .notAWorkingDay)
            }
            _ = try required(input.reason, "reason")
        }
        if let to = transition(for: action).to { next.state = to }
        next.version = application.version + 1
        next.updatedAt = now
        return Outcome(
            application: next, action: action, from: application.state,
            ledger: next.ledgerHolding - application.ledgerHolding, input: input)
    }

    /// The per-application ceiling bounds a request wherever it enters: at creation, update and (re)submission.
    private static func checkCeiling(_ request: ApplicationRequest, programme: Programme) throws(DomainError) {
        if request.amount > programme.ceilingPerApplication {
            throw .ceilingExceeded(ceiling: programme.ceilingPerApplication, requested: request.amount)
        }
    }

    /// What a dossier must satisfy to be under review: its fields, items, ceiling, cap, documents and eligibility.
    private static func checkSubmission(
        _ request: ApplicationRequest, rules: EligibilityRuleSet, context: DecisionContext
    ) throws(DomainError) {
        let programme = context.programme
        try request.validate()
        try checkItems(request, programme: programme)
        try checkCeiling(request, programme: programme)
        let amount = request.amount
        if let cap = programme.capPerCooperative, amount > cap {
            throw .cooperativeCapExceeded(cap: cap, used: 0, requested: amount)
        }
        let missing = programme.requiredDocuments.filter { !request.documents.contains($0) }
        if !missing.isEmpty { throw .missingDocuments(missing) }
        if let failure = rules.firstFailure(for: context.cooperative, on: context.now, places: context.places) {
            throw failure
        }
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
