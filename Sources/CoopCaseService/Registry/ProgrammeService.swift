import CoopCaseDomain
internal import CoopCasePostgres
import Foundation

/// Programmes: opened, closed and given rules by administrators; read by everyone who may.
public struct ProgrammeService: Sendable {
    let database: Database
    var store: ProgrammeStore { database.programmes }

    public func create(_ programme: Programme, by actor: Actor?) async throws {
        try actor?.require(.manageProgrammes)
        try programme.validate()
        try await store.create(programme)
    }

    public func find(code: String) async throws -> Programme? { try await store.find(code: code) }
    /// One programme as `actor` may see it: a draft is not found by those it is hidden from.
    public func get(code: String, by actor: Actor) async throws -> Programme {
        let programme = try await store.get(code: code)
        guard programme.isVisible(to: actor.role) else { throw DomainError.notFound(entity: .programme) }
        return programme
    }
    public func get(code: String) async throws -> Programme { try await store.get(code: code) }
    public func get(id: UUID) async throws -> Programme { try await store.get(id: id) }
    public func identities(_ ids: some Sequence<UUID>) async throws -> [UUID: ProgrammeIdentity] {
        try await store.identities(ids)
    }
    public func identity(_ id: UUID) async throws -> ProgrammeIdentity { try await store.identity(id) }
    /// The programmes `actor` may see.
    public func list(by actor: Actor) async throws -> [Programme] {
        try await store.list().filter { $0.isVisible(to: actor.role) }
    }
    /// Every programme, for labelling what an actor was already allowed to read.
    public func list() async throws -> [Programme] { try await store.list() }

    public func setStatus(code: String, to status: ProgrammeStatus, by actor: Actor) async throws -> Programme {
        try actor.require(.manageProgrammes)
        return try await store.setStatus(code: code, to: status)
    }

    /// Issues a new version of the programme's rules; returns its number.
    public func replaceRules(code: String, rules: [EligibilityRule], by actor: Actor) async throws -> Int {
        try actor.require(.manageProgrammes)
        return try await store.replaceRules(code: code, rules: rules)
    }

    /// Every rule version the programme has issued, oldest first: applications keep being judged by the one they
    /// were submitted under.
    public func ruleVersions(code: String, by actor: Actor) async throws -> [EligibilityRuleSet] {
        _ = try await get(code: code, by: actor)
        return try await store.ruleVersions(code: code)
    }

    /// The programme's budget (or seats) as reserved, committed and spent.
    public func ledger(code: String) async throws -> BudgetLedger { try await store.ledger(code: code) }
}
