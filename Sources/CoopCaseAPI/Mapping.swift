import CoopCaseDomain
import CoopCaseService
import Foundation

// Domain values ↔ the generated API types. Translation only: no rules here.

extension Components.Schemas.User {
    init(_ user: User) {
        self.init(
            id: user.id.uuidString, username: user.username, displayName: user.displayName,
            role: user.role.converted(), cooperativeId: user.cooperativeId?.uuidString,
            disabled: user.disabled)
    }
}

func uuid(_ text: String, field: String) throws -> UUID {
    guard let value = UUID(uuidString: text) else {
        throw APIError.badRequest(
            field: field, reason: LocalizedText(vi: "phải là một mã UUID", en: "must be a UUID"))
    }
    return value
}

let dayFormat: Date.ISO8601FormatStyle = .iso8601.year().month().day()

extension Components.Schemas.AdministrativeUnit {
    init(_ unit: AdministrativeUnit) { self.init(code: unit.code, name: unit.name) }
    var domain: AdministrativeUnit { AdministrativeUnit(code: code, name: name) }
}

extension Components.Schemas.NewCooperative {
    init(_ cooperative: Cooperative) {
        let r = cooperative.readiness
        self.init(
            code: cooperative.code.value, name: cooperative.name, kind: cooperative.kind.converted(),
            sector: cooperative.sector,
            address: .init(
                street: cooperative.address.street, ward: .init(cooperative.address.ward),
                district: cooperative.address.district.map(Components.Schemas.AdministrativeUnit.init),
                province: .init(cooperative.address.province)),
            members: cooperative.members, workers: cooperative.workers, annualRevenue: cooperative.annualRevenue,
            founded: cooperative.founded.formatted(dayFormat),
            contact: .init(
                person: cooperative.contact.person, phone: cooperative.contact.phone, email: cooperative.contact.email),
            readiness: .init(
                computer: r.computer, internet: r.internet, website: r.website,
                accountingSoftware: r.accountingSoftware,
                salesSoftware: r.salesSoftware))
    }

    func domain() throws -> Cooperative {
        // Strictly YYYY-MM-DD and a real day: the format style would move 30 February to March.
        guard founded.utf8.count == 10, founded.split(separator: "-").count == 3,
            let founded = RegistryCSV.date(founded)
        else {
            throw DomainError.validation(field: "founded", reason: .unknownValue)
        }
        return Cooperative(
            code: try CooperativeCode(code), name: name, kind: kind.converted(CooperativeKind.self),
            sector: sector,
            address: Address(
                street: address.street, ward: address.ward.domain, district: address.district?.domain,
                province: address.province.domain),
            members: members, workers: workers, annualRevenue: annualRevenue, founded: founded,
            contact: Contact(person: contact.person, phone: contact.phone, email: contact.email),
            readiness: DigitalReadiness(
                computer: readiness.computer, internet: readiness.internet, website: readiness.website,
                accountingSoftware: readiness.accountingSoftware, salesSoftware: readiness.salesSoftware))
    }
}

extension Components.Schemas.Cooperative {
    init(_ cooperative: Cooperative) {
        let fields = Components.Schemas.NewCooperative(cooperative)
        self.init(
            id: cooperative.id.uuidString, version: cooperative.version, code: fields.code, name: fields.name,
            kind: fields.kind,
            sector: fields.sector,
            address: fields.address, members: fields.members, workers: fields.workers,
            annualRevenue: fields.annualRevenue, founded: fields.founded, contact: fields.contact,
            readiness: fields.readiness)
    }
}

extension Components.Schemas.ProgrammeTerms {
    init(_ terms: ProgrammeTerms) {
        switch terms {
        case .loan(let rate, let term, let grace, let lender):
            self.init(annualRateBasisPoints: rate, maxTermMonths: term, graceMonths: grace, lender: lender)
        case .training(let sessions, let capacity): self.init(sessions: sessions, capacity: capacity)
        case .equipment(let share, let items): self.init(coFinancingPercent: share, eligibleItems: items)
        case .branding(let deliverables): self.init(deliverables: deliverables)
        }
    }

    func domain(for kind: ProgrammeKind) throws -> ProgrammeTerms {
        func need<T>(_ value: T?, _ name: String) throws -> T { try required(value, "terms.\(name)") }
        switch kind {
        case .preferentialLoan:
            return .loan(
                annualRateBasisPoints: try need(annualRateBasisPoints, "annualRateBasisPoints"),
                maxTermMonths: try need(maxTermMonths, "maxTermMonths"), graceMonths: graceMonths ?? 0,
                lender: try need(lender, "lender"))
        case .training:
            return .training(sessions: try need(sessions, "sessions"), capacity: try need(capacity, "capacity"))
        case .equipmentGrant:
            return .equipment(coFinancingPercent: coFinancingPercent ?? 0, eligibleItems: eligibleItems ?? [])
        case .digitalBranding:
            return .branding(deliverables: deliverables ?? [])
        }
    }
}

extension Components.Schemas.Programme {
    init(_ programme: Programme) {
        self.init(
            id: programme.id.uuidString, code: programme.code,
            name: .init(vi: programme.name.vi, en: programme.name.en),
            kind: programme.kind.converted(), fiscalYear: programme.fiscalYear,
            opensAt: programme.opensAt, closesAt: programme.closesAt,
            status: programme.status.converted(), unit: programme.kind.unit.converted(),
            budget: programme.budget, ceilingPerApplication: programme.ceilingPerApplication,
            capPerCooperative: programme.capPerCooperative, terms: .init(programme.terms),
            requiredDocuments: programme.requiredDocuments,
            reviewDeadlineWorkingDays: programme.reviewDeadlineWorkingDays, ruleVersion: programme.rules.version,
            rules: programme.rules.rules.map(Components.Schemas.EligibilityRule.init))
    }
}

extension Components.Schemas.NewProgramme {
    func domain() throws -> Programme {
        let kind = kind.converted(ProgrammeKind.self)
        return Programme(
            code: code, name: LocalizedText(vi: name.vi, en: name.en), kind: kind, fiscalYear: fiscalYear,
            opensAt: opensAt, closesAt: closesAt, status: .draft, budget: budget,
            ceilingPerApplication: ceilingPerApplication, capPerCooperative: capPerCooperative,
            terms: try terms.domain(for: kind), requiredDocuments: requiredDocuments,
            reviewDeadlineWorkingDays: reviewDeadlineWorkingDays,
            rules: EligibilityRuleSet(
                version: 1, rules: try rules.enumerated().map { try $0.element.domain(at: $0.offset) }))
    }
}

extension Components.Schemas.ApplicationRequest {
    init(_ request: ApplicationRequest) {
        self.init(
            amount: request.amount, purpose: request.purpose,
            items: request.items.map { .init(name: $0.name, quantity: $0.quantity, unitPrice: $0.unitPrice) },
            documents: request.documents)
    }

    var domain: ApplicationRequest {
        ApplicationRequest(
            amount: amount, purpose: purpose,
            items: (items ?? []).map { RequestedItem(name: $0.name, quantity: $0.quantity, unitPrice: $0.unitPrice) },
            documents: documents ?? [])
    }
}

extension Components.Schemas.Evidence {
    init(_ evidence: FulfilmentEvidence) {
        switch evidence {
        case .loanDisbursement(let reference, let date, let amount, let lender):
            self.init(reference: reference, date: date, amount: amount, lender: lender)
        case .trainingAttendance(let attendees, let sessions):
            self.init(attendees: attendees, sessionsAttended: sessions)
        case .equipmentHandover(let items, let amount):
            self.init(amount: amount, items: items.map { .init(name: $0.name, serialNumber: $0.serialNumber) })
        case .brandingDelivery(let url, let trademark, let amount):
            self.init(amount: amount, liveUrl: url, trademarkNumber: trademark)
        }
    }

    /// Reads the fields of `kind`'s evidence, naming the first one missing.
    func domain(for kind: ProgrammeKind) throws -> FulfilmentEvidence {
        func need<T>(_ value: T?, _ name: String) throws -> T { try required(value, "evidence.\(name)") }
        switch kind {
        case .preferentialLoan:
            return .loanDisbursement(
                reference: try need(reference, "reference"), date: try need(date, "date"),
                amount: try need(amount, "amount"), lender: try need(lender, "lender"))
        case .training:
            return .trainingAttendance(
                attendees: try need(attendees, "attendees"), sessionsAttended: sessionsAttended ?? 0)
        case .equipmentGrant:
            return .equipmentHandover(
                items: try need(items, "items").map { HandoverItem(name: $0.name, serialNumber: $0.serialNumber) },
                amount: try need(amount, "amount"))
        case .digitalBranding:
            return .brandingDelivery(
                liveURL: try need(liveUrl, "liveUrl"), trademarkNumber: trademarkNumber,
                amount: try need(amount, "amount"))
        }
    }
}

extension Components.Schemas.ActionInput {
    func domain(for kind: ProgrammeKind) throws -> ActionInput {
        ActionInput(
            reason: reason, message: message,
            recommendation: recommendation.map { $0.converted(RecommendationKind.self) },
            amount: amount, reasonCode: reasonCode.map { $0.converted(RejectionReason.self) },
            legalBasis: legalBasis,
            evidence: try evidence?.domain(for: kind), request: request?.domain,
            counter: counter.map {
                CounterReceipt(
                    representative: $0.representative,
                    identityPaper: CounterReceipt.IdentityPaper(rawValue: $0.identityPaper.rawValue) ?? .other,
                    papers: $0.papers)
            },
            promisedOn: try promisedOn.map {
                guard let day = CalendarCSV.day($0) else {
                    throw DomainError.validation(field: "promisedOn", reason: .unknownValue)
                }
                return day
            })
    }
}

extension Components.Schemas.Application {
    init(_ application: Application, programme: ProgrammeIdentity, deadline: Deadline?) {
        self.init(
            reference: application.reference.value, programme: programme.code,
            programmeKind: programme.kind.converted(),
            cooperativeId: application.cooperativeId.uuidString,
            state: application.state.converted(), version: application.version,
            request: .init(application.request), ruleVersion: application.ruleVersion,
            submittedAt: application.submittedAt, assignee: application.assignee?.uuidString,
            recommendation: application.recommendation.map {
                .init(
                    kind: $0.kind.converted(), amount: $0.amount, reason: $0.reason, by: $0.by.uuidString
                )
            },
            decision: application.decision.map {
                .init(
                    kind: $0.kind.converted(), amount: $0.amount, reason: $0.reason,
                    reasonCode: $0.reasonCode.map { $0.converted() }, legalBasis: $0.legalBasis,
                    by: $0.by.uuidString)
            },
            evidence: application.evidence.map(Components.Schemas.Evidence.init),
            reviewDueAt: application.reviewDueAt, deadline: deadline.map(Components.Schemas.Deadline.init),
            intakeDueAt: application.intakeDueAt, decidedAt: application.decidedAt,
            infoRequest: application.infoRequest,
            createdAt: application.createdAt, updatedAt: application.updatedAt)
    }
}

extension Components.Schemas.Event {
    init(_ event: StoredEvent) {
        self.init(
            seq: event.seq, at: event.at, actor: event.actorUsername, role: event.role.converted(),
            channel: event.channel.converted(), action: event.action.converted(),
            from: event.from.map { $0.converted() }, to: event.to.converted(),
            body: String(decoding: event.body, as: UTF8.self), prevHash: AuditCheckpoint.hex(event.previousHash),
            hash: AuditCheckpoint.hex(event.hash))
    }
}

/// The value of a field a kind requires, or a validation error naming the field.
func required<T>(_ value: T?, _ field: String) throws -> T {
    guard let value else { throw DomainError.validation(field: field, reason: .required) }
    return value
}
