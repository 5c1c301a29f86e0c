import Foundation

extension Workflow {
    /// An officer submits or resubmits only what the desk received on paper, and says so: who brought it, the kind
    /// of identity paper shown, the papers. The cooperative's own account needs none of that.
    static func receiveAtDesk(_ input: ActionInput, by actor: Actor, into next: inout Application)
        throws(DomainError)
    {
        guard actor.role == .officer else {
            if input.counter != nil { throw .validation(field: "counter", reason: .notAllowedNow) }
            return
        }
        guard let counter = input.counter else { throw .validation(field: "counter", reason: .required) }
        try counter.validate()
        if !next.receivedBy.contains(actor.userId) { next.receivedBy.append(actor.userId) }
    }
}
