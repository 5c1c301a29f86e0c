import CoopCaseDomain
import Foundation
import Testing

@Suite struct WorkflowTests {
    let scenario = Scenario()

    @Test func happyPathReservesCommitsAndSpends() throws {
        var application = try scenario.draft()
        #expect(application.state == .draft && application.version == 1)
        application = try scenario.drive(application, through: [.submit, .startReview, .recommend])
        #expect(application.state == .recommended)
        #expect(application.ledgerHolding == LedgerDelta(reserved: 80))
        #expect(application.ruleVersion == 1)
        let approval = try Workflow.decide(
            .approve, input: scenario.goodInput(for: .approve, amount: 60), on: application, by: scenario.approver,
            context: scenario.context())
        #expect(approval.ledger == LedgerDelta(reserved: -80, committed: 60))
        let fulfilment = try Workflow.decide(
            .fulfil, input: scenario.goodInput(for: .fulfil, amount: 55), on: approval.application,
            by: scenario.officer, context: scenario.context())
        #expect(fulfilment.ledger == LedgerDelta(committed: -60, spent: 55))
        let closed = try scenario.drive(fulfilment.application, through: [.close])
        #expect(closed.state == .closed && closed.version == 7)
    }

    @Test func everyActionRefusedFromAStateOutsideItsRow() throws {
        let draft = try scenario.draft()
        for transition in Workflow.transitions where transition.action != .create {
            let actor = scenario.performer(of: transition.action)
            if transition.from.contains(.draft) { continue }
            #expect(throws: DomainError.invalidTransition(action: transition.action, state: .draft)) {
                try Workflow.decide(
                    transition.action, input: scenario.goodInput(for: transition.action), on: draft, by: actor,
                    context: scenario.context())
            }
        }
    }

    @Test func rolesOutsideTheRowAreForbidden() throws {
        let submitted = try scenario.drive(try scenario.draft(), through: [.submit])
        for actor in [scenario.applicantActor, scenario.approver, scenario.auditor, scenario.admin] {
            #expect(throws: DomainError.forbidden(action: .startReview, role: actor.role)) {
                try Workflow.decide(
                    .startReview, input: ActionInput(), on: submitted, by: actor, context: scenario.context())
            }
        }
        // The lender does not even see an application before its approval, nor one that is not a loan.
        #expect(throws: DomainError.notFound(entity: .application)) {
            try Workflow.decide(
                .startReview, input: ActionInput(), on: submitted, by: scenario.lender, context: scenario.context())
        }
    }

    @Test func anotherCooperativesApplicantSeesNothing() throws {
        let draft = try scenario.draft()
        #expect(throws: DomainError.notFound(entity: .application)) {
            try Workflow.decide(
                .submit, input: ActionInput(), on: draft, by: scenario.otherApplicant, context: scenario.context())
        }
        #expect(Workflow.allowedActions(for: scenario.otherApplicant, on: draft, programme: scenario.programme).isEmpty)
    }

    @Test func fourEyesRefusesTheRecommenderAsApprover() throws {
        let recommended = try scenario.drive(try scenario.draft(), through: [.submit, .startReview, .recommend])
        // The officer who recommended has since been made an approver.
        let promoted = Actor(userId: scenario.officer.userId, username: "officer", role: .approver)
        #expect(throws: DomainError.fourEyes(rule: "approverIsRecommender")) {
            try Workflow.decide(
                .approve, input: scenario.goodInput(for: .approve), on: recommended, by: promoted,
                context: scenario.context())
        }
        #expect(
            !Workflow.allowedActions(for: promoted, on: recommended, programme: scenario.programme).contains(.approve))
    }

    @Test func approvalCannotExceedTheRecommendation() throws {
        let recommended = try scenario.drive(try scenario.draft(), through: [.submit, .startReview, .recommend])
        #expect(throws: DomainError.validation(field: "amount", reason: .aboveRecommended)) {
            try Workflow.decide(
                .approve, input: scenario.goodInput(for: .approve, amount: 81), on: recommended, by: scenario.approver,
                context: scenario.context())
        }
        #expect(throws: DomainError.validation(field: "legalBasis", reason: .required)) {
            try Workflow.decide(
                .approve, input: ActionInput(reason: "ok", amount: 10), on: recommended, by: scenario.approver,
                context: scenario.context())
        }
    }

    @Test func submitChecksWindowCeilingDocumentsAndEligibility() throws {
        var late = scenario
        late.programme.closesAt = Scenario.now.addingTimeInterval(-1)
        late.programme.opensAt = Scenario.now.addingTimeInterval(-100)
        let draft = try scenario.draft()
        #expect(throws: DomainError.callWindowClosed) {
            try Workflow.decide(
                .submit, input: ActionInput(), on: draft, by: scenario.applicantActor, context: late.context())
        }
        #expect(throws: DomainError.ceilingExceeded(ceiling: 100, requested: 150)) {
            try Workflow.decide(
                .submit, input: ActionInput(), on: try scenario.draft(amount: 150), by: scenario.applicantActor,
                context: scenario.context())
        }
        #expect(throws: DomainError.missingDocuments(["plan"])) {
            try Workflow.decide(
                .submit, input: ActionInput(), on: try scenario.draft(documents: []), by: scenario.applicantActor,
                context: scenario.context())
        }
        var strict = scenario
        strict.programme.rules = EligibilityRuleSet(version: 3, rules: [.kindIn([.cooperative]), .minMembers(50)])
        do {
            _ = try Workflow.decide(
                .submit, input: ActionInput(), on: draft, by: scenario.applicantActor, context: strict.context())
            Issue.record("submission should have been refused")
        } catch {
            guard case .notEligible(let rule, let detail) = error else { throw error }
            #expect(rule == "minMembers")
            #expect(detail.en.contains("50"))
        }
        strict.programme.rules = EligibilityRuleSet(version: 3, rules: [.minMembers(10)])
        let submitted = try Workflow.decide(
            .submit, input: ActionInput(), on: draft, by: scenario.applicantActor, context: strict.context())
        #expect(submitted.application.ruleVersion == 3)
    }

    @Test func requestInfoPausesTheClockAndResubmitExtendsIt() throws {
        let review = try scenario.drive(try scenario.draft(), through: [.submit, .startReview])
        let due = try #require(review.reviewDueAt)
        let paused = try Workflow.decide(
            .requestInfo, input: scenario.goodInput(for: .requestInfo), on: review, by: scenario.officer,
            context: scenario.context())
        #expect(paused.application.clockPausedAt == Scenario.now)
        let later = Scenario.now.addingTimeInterval(7 * 86_400)  // one calendar week = 5 working days
        let resumed = try Workflow.decide(
            .resubmit, input: ActionInput(), on: paused.application, by: scenario.applicantActor,
            context: scenario.context(now: later))
        // Given back: the five working days it waited, counted from the due day.
        #expect(
            resumed.application.reviewDueAt
                == StatutoryClock.closing(of: try WorkingCalendar().day(adding: 5, to: CivilDay(due))))
        #expect(resumed.application.clockPausedAt == nil)
    }

    @Test func lenderMayOnlyRecordLoanDisbursements() throws {
        let grant = try scenario.drive(try scenario.draft(), through: [.submit, .startReview, .recommend, .approve])
        #expect(throws: DomainError.notFound(entity: .application), "an equipment grant is not the lender's to see") {
            try Workflow.decide(
                .fulfil, input: scenario.goodInput(for: .fulfil), on: grant, by: scenario.lender,
                context: scenario.context())
        }
        let loans = Scenario(kind: .preferentialLoan, budget: 1000, ceiling: 500)
        let loan = try loans.drive(try loans.draft(), through: [.submit, .startReview, .recommend, .approve])
        #expect(Workflow.allowedActions(for: loans.lender, on: loan, programme: loans.programme) == [.fulfil])
        let wrongEvidence = ActionInput(evidence: .trainingAttendance(attendees: 3, sessionsAttended: 1))
        #expect(throws: DomainError.validation(field: "evidence", reason: .evidenceKind)) {
            try Workflow.decide(.fulfil, input: wrongEvidence, on: loan, by: loans.lender, context: loans.context())
        }
        let done = try Workflow.decide(
            .fulfil, input: loans.goodInput(for: .fulfil), on: loan, by: loans.lender, context: loans.context())
        #expect(done.application.state == .fulfilled)
    }

    @Test func withdrawingARecommendationReleasesItsReservation() throws {
        let recommended = try scenario.drive(try scenario.draft(), through: [.submit, .startReview, .recommend])
        let withdrawn = try Workflow.decide(
            .withdraw, input: ActionInput(), on: recommended, by: scenario.applicantActor, context: scenario.context())
        #expect(withdrawn.ledger == LedgerDelta(reserved: -80))
        #expect(withdrawn.application.state == .withdrawn)
    }

    @Test func everyErrorHasACodeAndBothLanguages() {
        let errors: [DomainError] = [
            .invalidTransition(action: .approve, state: .draft), .forbidden(action: .approve, role: .officer),
            .notPermitted(permission: .manageUsers, role: .officer), .notFound(entity: .application),
            .stale(expected: 1, actual: 2), .budgetExhausted(requested: 5, available: 1),
            .cooperativeCapExceeded(cap: 1, used: 1, requested: 1),
            .notEligible(rule: "minMembers", detail: .init(vi: "a", en: "b")),
            .callWindowClosed, .programmeNotOpen(status: .draft), .ceilingExceeded(ceiling: 1, requested: 2),
            .missingDocuments(["x"]), .fourEyes(rule: "approverIsRecommender"),
            .validation(field: "amount", reason: .positive), .conflict(entity: .user, key: "a"),
            .calendarNotCovered(year: 2031),
        ]
        for error in errors {
            #expect(!error.code.isEmpty)
            #expect(error.title(.vi) != error.title(.en))
            #expect(error.detail(.vi) != error.detail(.en))
        }
    }

    /// A refusal reads in plain words: no role, permission, state or action identifier in either language.
    @Test func refusalsNameNoInternalIdentifier() {
        var errors: [DomainError] = []
        for role in Role.allCases {
            errors += Administration.allCases.map { .notPermitted(permission: $0, role: role) }
            errors += Action.allCases.map { .forbidden(action: $0, role: role) }
        }
        for action in Action.allCases {
            errors += ApplicationState.allCases.map { .invalidTransition(action: action, state: $0) }
        }
        errors += ProgrammeStatus.allCases.map { .programmeNotOpen(status: $0) }
        errors += Entity.allCases.map { .notFound(entity: $0) }
        errors += ["items[0].unitPrice", "evidence.amount", "reviewDeadlineWorkingDays", "annualRevenue"].map {
            .validation(field: $0, reason: .required)
        }
        // Identifiers that are not also plain English words.
        let identifiers =
            Administration.allCases.map(\.rawValue) + [
                "underReview", "needsInfo", "startReview",
                "requestInfo", "returnForReview", "unitPrice", "reviewDeadlineWorkingDays", "annualRevenue",
                "evidence.amount",
            ]
        for error in errors {
            for language in Language.allCases {
                let detail = error.detail(language)
                #expect(!identifiers.contains { detail.contains($0) }, "\(language): \(detail)")
            }
            let vietnamese = error.detail(.vi)
            #expect(
                !Role.allCases.contains {
                    vietnamese.contains("'\($0.rawValue)'") || vietnamese.contains(" \($0.rawValue) ")
                }, "\(vietnamese)")
        }
    }

    @Test func workflowDiagramsListEveryEdge() {
        let edges = Workflow.transitions.reduce(0) { $0 + max($1.from.count, 1) }
        #expect(Workflow.dot().components(separatedBy: " -> ").count - 1 == edges)
        #expect(Workflow.mermaid().components(separatedBy: " --> ").count - 1 == edges)
    }
}
