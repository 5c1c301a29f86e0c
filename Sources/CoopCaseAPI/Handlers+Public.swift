import CoopCaseDomain
import CoopCaseService
import Foundation

extension APIService {
    func getWorkflow(_ input: Operations.GetWorkflow.Input) async throws -> Operations.GetWorkflow.Output {
        let transitions = Workflow.transitions.map { row in
            Components.Schemas.Transition(
                action: row.action.converted(), from: row.from.map { $0.converted() },
                to: row.to.map { $0.converted() },
                roles: row.roles.map { $0.converted() },
                needs: .init(vi: row.needs.vi, en: row.needs.en))
        }
        return .ok(.init(body: .json(.init(transitions: transitions))))
    }

    func getSummary(_ input: Operations.GetSummary.Input) async throws -> Operations.GetSummary.Output {
        let summary = try await service.summary(programmeCode: input.query.programme, by: try Caller.actor())
        let r = summary.registry
        return .ok(
            .init(
                body: .json(
                    .init(
                        registry: .init(
                            cooperatives: r.cooperatives, members: r.members, workers: r.workers,
                            totalRevenue: r.totalRevenue, averageRevenue: r.averageRevenue,
                            withComputer: r.withComputer,
                            withInternet: r.withInternet, withWebsite: r.withWebsite,
                            withAccountingSoftware: r.withAccountingSoftware, withSalesSoftware: r.withSalesSoftware),
                        programmes: summary.programmes.map { line in
                            .init(
                                code: line.code, kind: line.kind.converted(),
                                status: line.status.converted(),
                                unit: line.unit.converted(),
                                budget: line.budget, reserved: line.reserved, committed: line.committed,
                                spent: line.spent,
                                requested: line.requested, recommended: line.recommended, approved: line.approved,
                                utilisation: line.utilisation,
                                applications: .init(additionalProperties: line.applications),
                                averageWorkingDays: .init(additionalProperties: line.averageWorkingDays))
                        }))))
    }

    /// Unknown reference and wrong code give the same answer, so codes cannot be confirmed by probing.
    func getPublicStatus(_ input: Operations.GetPublicStatus.Input) async throws -> Operations.GetPublicStatus.Output {
        let language = Caller.current.language
        guard
            let found = try await service.applications.lookUp(reference: input.path.ref, accessCode: input.query.code)
        else { throw DomainError.notFound(entity: .application) }
        let (application, programme, history) = (found.application, found.programme, found.history)
        let status = PublicStatus(application: application, programme: programme, deadline: found.deadline)
        return .ok(
            .init(
                body: .json(
                    .init(
                        reference: application.reference.value, state: application.state.converted(),
                        stateLabel: application.state.label.text(language), programme: programme.name.text(language),
                        submittedAt: application.submittedAt,
                        reviewDueAt: status.reviewDueAt, reviewDueOn: status.reviewDueOn?.description,
                        late: status.reviewDueOn == nil ? nil : status.isLate,
                        informationRequested: status.informationRequested,
                        rejectionReason: status.rejectionReason?.text(language),
                        nextStep: status.nextStep.text(language), contact: status.contact.text(language),
                        history: history.map { step in
                            .init(
                                at: step.0, state: step.1.converted(), label: step.1.label.text(language)
                            )
                        }))))
    }

    func getLiveness(_ input: Operations.GetLiveness.Input) async throws -> Operations.GetLiveness.Output {
        .ok(.init(body: .json(.init(status: "ok"))))
    }

    func getReadiness(_ input: Operations.GetReadiness.Input) async throws -> Operations.GetReadiness.Output {
        try await service.ping()
        return .ok(.init(body: .json(.init(status: "ok", database: "ok"))))
    }
}
