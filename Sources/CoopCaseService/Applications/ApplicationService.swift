import CoopCaseDomain
internal import CoopCasePostgres
import Foundation

/// The application use cases: create, perform an action, and the reads. The domain decides; this orders the reads
/// and writes around its decision, and retries under a lock when a write without one lost a race.
public struct ApplicationService: Sendable {
    let database: Database
    var store: ApplicationStore { database.applications }

    /// Creates a draft; returns it with its access code, which is shown this once and never again.
    public func create(
        programmeCode: String, cooperativeId: UUID, request: ApplicationRequest, by actor: Actor,
        channel: EventChannel, idempotent: Idempotent? = nil
    ) async throws -> (Application, AccessCode) {
        let now = database.now
        let calendar = try await CalendarService(database: database).calendar()
        let places = try await PlacesService(database: database).catalogue()
        return try await transaction(idempotent) { work in
            guard let programme = try await work.programme(code: programmeCode) else {
                throw DomainError.notFound(entity: .programme)
            }
            guard Workflow.canSee(actor, cooperativeId: cooperativeId) else {
                throw DomainError.notFound(entity: .cooperative)
            }
            let cooperative = try await work.cooperative(id: cooperativeId)
            let context = DecisionContext(
                programme: programme, cooperative: cooperative, now: now, calendar: calendar, places: places)
            // Decide before taking a serial so a refusal does not burn a reference number.
            _ = try Workflow.create(
                id: UUID(), reference: PublicReference(kind: programme.kind, year: programme.fiscalYear, serial: 0),
                request: request, by: actor, context: context)
            let reference = PublicReference(
                kind: programme.kind, year: programme.fiscalYear, serial: try await work.nextSerial())
            let outcome = try Workflow.create(
                id: UUID(), reference: reference, request: request, by: actor, context: context)
            let code = AccessCode.generate()
            let created = ChainedOutcome(
                outcome: outcome, seq: 1, actor: actor, channel: channel, at: now, previous: AuditChain.genesis)
            try await work.insert(created, programme: programme, accessCode: code, at: now)
            try await record(idempotent, outcome.application, programme.identity, in: work)
            return (outcome.application, code)
        }
    }

    /// Performs a workflow action. `expectedVersion` is the version the caller last saw (nil skips the check,
    /// for callers that just read it in the same breath).
    @discardableResult
    public func perform(
        _ action: Action, on reference: String, input: ActionInput = ActionInput(), expectedVersion: Int?,
        by actor: Actor, channel: EventChannel, idempotent: Idempotent? = nil
    ) async throws -> Application {
        try await perform(
            action, on: reference, reading: { _ in input }, expectedVersion: expectedVersion, by: actor,
            channel: channel, idempotent: idempotent)
    }

    /// As above, with the input read once the programme's kind is known (an adapter's request body depends on it),
    /// after the visibility check and before any other.
    @discardableResult
    public func perform(
        _ action: Action, on reference: String, reading input: (ProgrammeKind) throws -> ActionInput,
        expectedVersion: Int?, by actor: Actor, channel: EventChannel, idempotent: Idempotent? = nil
    ) async throws -> Application {
        try await perform(
            action, on: reference, reading: input, expectedVersion: expectedVersion, by: actor, channel: channel,
            idempotent: idempotent, accessCode: nil)
    }

    /// Issues a new access code at the desk (the cooperative lost its receipt): the old one stops working at once,
    /// the new one is returned this once, and the reissue is an event (without the code).
    public func reissueCode(reference: String, expectedVersion: Int?, by actor: Actor, channel: EventChannel)
        async throws -> (Application, AccessCode)
    {
        let code = AccessCode.generate()
        let application = try await perform(
            .reissueCode, on: reference, reading: { _ in ActionInput() }, expectedVersion: expectedVersion, by: actor,
            channel: channel, idempotent: nil, accessCode: code)
        return (application, code)
    }

    private func perform(
        _ action: Action, on reference: String, reading input: (ProgrammeKind) throws -> ActionInput,
        expectedVersion: Int?, by actor: Actor, channel: EventChannel, idempotent: Idempotent?,
        accessCode: AccessCode?
    ) async throws -> Application {
        // The code is only ever changed by its own use case.
        guard (action == .reissueCode) == (accessCode != nil) else {
            throw DomainError.forbidden(action: action, role: actor.role)
        }
        let now = database.now
        let calendar = try await CalendarService(database: database).calendar()
        let places = try await PlacesService(database: database).catalogue()
        func decide(
            _ read: FetchedApplication, _ programme: Programme, _ cooperative: Cooperative, _ work: ApplicationWork
        )
            async throws -> ChainedOutcome
        {
            let context = DecisionContext(
                programme: programme, cooperative: cooperative, now: now, calendar: calendar, places: places,
                pinnedRules: try await pinnedRules(action, read, programme, work))
            let outcome = try Workflow.judge(
                action, reading: input, expectedVersion: expectedVersion, on: read.application, by: actor,
                context: context)
            let judged =
                [.submit, .resubmit].contains(action)
                ? EligibilitySnapshot(rules: context.rules(for: read.application), cooperative: cooperative) : nil
            // A dossier received on paper is recorded as such, whichever screen the desk typed it into.
            return ChainedOutcome(
                outcome: outcome, seq: read.chainSeq + 1, actor: actor,
                channel: outcome.input.counter != nil ? .counter : channel, at: now, previous: read.chainHead,
                judged: judged)
        }
        // Most actions meet no concurrent change: decided on the row as read, written in one statement that lands only
        // if the row is still that version and every ledger had room. Anything else is done again under the lock,
        // which also says precisely why a ledger refused. A response stored under an idempotency key must commit with
        // the action, so those take the lock from the start.
        if idempotent == nil {
            let done = try await store.withConnection { work -> Application? in
                let (read, programme, cooperative) = try await work.read(reference, locking: false)
                let decided = try await decide(read, programme, cooperative, work)
                let landed = try await work.write(
                    decided, over: read, programme: programme, unlocked: true, accessCode: accessCode)
                return landed ? decided.outcome.application : nil
            }
            if let done { return done }
        }
        return try await transaction(idempotent) { work in
            let (locked, programme, cooperative) = try await work.read(reference, locking: true)
            let decided = try await decide(locked, programme, cooperative, work)
            try await record(idempotent, decided.outcome.application, programme.identity, in: work)
            _ = try await work.write(
                decided, over: locked, programme: programme, unlocked: false, accessCode: accessCode)
            return decided.outcome.application
        }
    }

    /// The rules a resubmission is judged by, when its pinned version is no longer the programme's current one; nil
    /// otherwise (no statement for the common case).
    private func pinnedRules(
        _ action: Action, _ read: FetchedApplication, _ programme: Programme, _ work: ApplicationWork
    ) async throws -> EligibilityRuleSet? {
        guard action == .resubmit, let version = read.application.ruleVersion, version != programme.rules.version
        else { return nil }
        return try await work.rules(of: programme, version: version)
    }

    /// A transaction, serialised on the idempotency key when there is one.
    private func transaction<Result: Sendable>(
        _ idempotent: Idempotent?, _ body: (ApplicationWork) async throws -> Result
    ) async throws -> Result {
        do {
            return try await store.transaction(serialising: idempotent?.request, body)
        } catch is KeyInFlight {
            throw IdempotencyError.inFlight
        }
    }

    private func record(
        _ idempotent: Idempotent?, _ application: Application, _ programme: ProgrammeIdentity, in work: ApplicationWork
    ) async throws {
        guard let idempotent else { return }
        try await work.record(idempotent.request, try idempotent.respond(application, programme))
    }

    /// One application, if `actor` may see it (else not found, as if it did not exist).
    public func get(reference: String, by actor: Actor) async throws -> Application {
        let application: Application
        do {
            application = try await store.get(reference: reference)
        } catch DomainError.notFound {
            throw DomainError.notFound(entity: .application)
        }
        guard Workflow.canSee(actor, cooperativeId: application.cooperativeId) else {
            throw DomainError.notFound(entity: .application)
        }
        if actor.role == .lender {
            // Only the lender's visibility depends on the programme's kind (from memory after its first read).
            let kind = try await database.programmes.identities([application.programmeId])[application.programmeId]
            guard let kind, Workflow.canSee(actor, application, kind: kind.kind) else {
                throw DomainError.notFound(entity: .application)
            }
        }
        return application
    }

    /// What `actor` may do now to the application.
    public func allowedActions(reference: String, by actor: Actor) async throws -> [Action] {
        let application = try await get(reference: reference, by: actor)
        let programme = try await database.programmes.get(id: application.programmeId)
        return Workflow.allowedActions(for: actor, on: application, programme: programme)
    }

    /// The application's audit events in order, if `actor` may see it.
    public func events(reference: String, by actor: Actor) async throws -> [StoredEvent] {
        try await history(reference: reference, by: actor).events
    }

    /// The application and its audit events in order, if `actor` may see it: one read of each for a page showing both.
    public func history(reference: String, by actor: Actor) async throws
        -> (application: Application, events: [StoredEvent])
    {
        let application = try await get(reference: reference, by: actor)
        return (application, try await store.events(of: application))
    }

    /// Where review clocks stand now, for many applications read at once (one read of the calendar).
    public func deadlines() async throws -> @Sendable (Application) -> Deadline? {
        let clock = try await CalendarService(database: database).clock()
        let now = database.now
        return { clock.standing(of: $0, at: now) }
    }

    /// Where the application's review clock stands now (nil when it has none), on the working calendar.
    public func deadline(of application: Application) async throws -> Deadline? {
        try await CalendarService(database: database).clock().standing(of: application, at: database.now)
    }

    /// Late applications, the latest first: review clocks past their due day and submissions not taken up within
    /// the intake clock, with the officer responsible.
    public func overdue(by actor: Actor, limit: Int = 500) async throws -> [OverdueApplication] {
        try actor.require(.readDeadlines)
        let now = database.now
        let clock = try await CalendarService(database: database).clock()
        let today = CivilDay(now)
        let rows = try await store.overdue(
            reviewDueBefore: StatutoryClock.midnight(of: today), intakeDueBefore: now, limit: limit)
        var late: [OverdueApplication] = []
        for (application, programme, cooperative, assignee) in rows {
            if let standing = clock.standing(of: application, at: now), standing.phase == .running, standing.isLate,
                let dueAt = application.reviewDueAt
            {
                late.append(
                    OverdueApplication(
                        reference: application.reference.value, programme: programme, cooperative: cooperative,
                        state: application.state, clock: .review, dueOn: standing.dueOn, dueAt: dueAt,
                        workingDaysLate: standing.workingDaysLate, assignee: assignee))
            } else if application.state == .submitted, let intake = application.intakeDueAt, intake < now {
                let due = CivilDay(intake)
                late.append(
                    OverdueApplication(
                        reference: application.reference.value, programme: programme, cooperative: cooperative,
                        state: application.state, clock: .intake, dueOn: due, dueAt: intake,
                        workingDaysLate: clock.calendar.workingDays(after: due, through: today), assignee: assignee))
            }
        }
        return late.sorted { ($0.workingDaysLate, $1.dueAt) > ($1.workingDaysLate, $0.dueAt) }
    }

    /// What the public status shows to the holder of the access code; nil for an unknown reference or a wrong code
    /// alike.
    public func lookUp(reference: String, accessCode: String) async throws -> PublicCase? {
        guard var found = try await store.lookUp(reference: reference, accessCode: accessCode) else { return nil }
        found.deadline = try await deadline(of: found.application)
        return found
    }

    /// Applications visible to `actor`, newest first, one page at a time (keyset pagination).
    public func list(
        programmeCode: String? = nil, state: ApplicationState? = nil, cooperativeId: UUID? = nil, limit: Int = 50,
        cursor: String? = nil, by actor: Actor
    ) async throws -> Page<Application> {
        try await store.list(
            programmeCode: programmeCode, state: state, cooperativeId: cooperativeId, limit: limit, cursor: cursor,
            by: actor)
    }
}
