/// The order in which an action's refusals are reported, the same for every adapter and every caller.
extension Workflow {
    /// Judges `action` on `application` as it stands: an application the caller may not see is not found, whatever
    /// else is wrong with the request; then the request itself (its input, read once the programme's kind is known);
    /// then a role that may never take the action is forbidden, before its copy is called stale; then a stale copy
    /// (`expectedVersion`), before the state and the rules are judged (`decide`).
    public static func judge(
        _ action: Action, reading input: (ProgrammeKind) throws -> ActionInput, expectedVersion: Int?,
        on application: Application, by actor: Actor, context: DecisionContext
    ) throws -> Outcome {
        let programme = context.programme
        guard canSee(actor, application, kind: programme.kind) else {
            throw DomainError.notFound(entity: .application)
        }
        let input = try input(programme.kind)
        try authorizeRole(action, by: actor, programme: programme)
        if let expectedVersion, expectedVersion != application.version {
            throw DomainError.stale(expected: expectedVersion, actual: application.version)
        }
        return try decide(action, input: input, on: application, by: actor, context: context)
    }
}
