import CoopCaseDomain
import Foundation
import PostgresNIO

public struct ProgrammeStore: Sendable {
    let database: Database

    static let columns = """
        p.id, p.code, p.name_vi, p.name_en, p.kind, p.fiscal_year, p.opens_at, p.closes_at, p.status, p.budget,
        p.ceiling, p.cooperative_cap, p.terms::text, p.required_documents::text, p.review_deadline_days,
        p.rule_version, r.rules::text
        """
    static let columnCount = SelectList.count(columns)
    static let from = """
        programmes p JOIN programme_rule_versions r ON r.programme_id = p.id AND r.version = p.rule_version
        """

    /// Stores a new programme with its ledger and its first rule version.
    public func create(_ programme: Programme) async throws {
        defer { database.programmesCache.forget() }
        do {
            try await database.client.transaction(logger: database.logger) { connection in
                try await connection.run(
                    """
                    INSERT INTO programmes (id, code, name_vi, name_en, kind, fiscal_year, opens_at, closes_at, status,
                        budget, ceiling, cooperative_cap, terms, required_documents, review_deadline_days, rule_version)
                    VALUES (\(programme.id), \(programme.code), \(programme.name.vi), \(programme.name.en),
                        \(programme.kind.rawValue), \(programme.fiscalYear), \(programme.opensAt), \(programme.closesAt),
                        \(programme.status.rawValue), \(programme.budget), \(programme.ceilingPerApplication),
                        \(programme.capPerCooperative), \(JSONColumn.encode(programme.terms))::jsonb,
                        \(JSONColumn.encode(programme.requiredDocuments))::jsonb, \(programme.reviewDeadlineWorkingDays),
                        \(programme.rules.version))
                    """, logger: database.logger)
                try await connection.run(
                    """
                    INSERT INTO programme_rule_versions (programme_id, version, rules)
                    VALUES (\(programme.id), \(programme.rules.version), \(JSONColumn.encode(programme.rules.rules))::jsonb)
                    """, logger: database.logger)
                try await connection.run(
                    """
                    INSERT INTO programme_ledgers (programme_id, slot, budget)
                    SELECT \(programme.id), slot - 1, share
                    FROM unnest(\(BudgetSlots.split(programme.budget))::int8[]) WITH ORDINALITY AS s (share, slot)
                    """, logger: database.logger)
            }
        } catch let error as PSQLError where error.sqlState == "23505" {
            throw DomainError.conflict(entity: .programme, key: programme.code)
        }
    }

    public func find(code: String) async throws -> Programme? {
        try await database.client.withConnection { try await find(code: code, on: $0) }
    }

    func find(code: String, on connection: PostgresConnection) async throws -> Programme? {
        let rows = try await connection.run(
            "SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.from) WHERE p.code = \(code)",
            logger: database.logger)
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    public func get(code: String) async throws -> Programme {
        guard let programme = try await find(code: code) else { throw DomainError.notFound(entity: .programme) }
        return programme
    }

    public func get(id: UUID) async throws -> Programme {
        try await database.client.withConnection { try await get(id: id, on: $0) }
    }

    func get(id: UUID, on connection: PostgresConnection) async throws -> Programme {
        let rows = try await connection.run(
            "SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.from) WHERE p.id = \(id)",
            logger: database.logger)
        for try await row in rows { return try Self.decode(row) }
        throw DomainError.notFound(entity: .programme)
    }

    /// Code and kind of each programme named; read once per process, since they never change.
    public func identities(_ ids: some Sequence<UUID>) async throws -> [UUID: ProgrammeIdentity] {
        var found = database.identities.known.withLock { known in
            var found: [UUID: ProgrammeIdentity] = [:]
            for id in ids { found[id] = known[id] }
            return found
        }
        let missing = Set(ids).subtracting(found.keys)
        guard !missing.isEmpty else { return found }
        let rows = try await database.rows(
            "SELECT id, code, kind FROM programmes WHERE id = ANY(\(Array(missing)))")
        for (id, code, kind) in try rows.decode((UUID, String, String).self) {
            guard let kind = ProgrammeKind(rawValue: kind) else { continue }
            found[id] = ProgrammeIdentity(id: id, code: code, kind: kind)
        }
        database.identities.known.withLock { known in known.merge(found) { old, _ in old } }
        return found
    }

    /// One programme's code and kind (see `identities`).
    public func identity(_ id: UUID) async throws -> ProgrammeIdentity {
        guard let identity = try await identities([id])[id] else { throw DomainError.notFound(entity: .programme) }
        return identity
    }

    public func list() async throws -> [Programme] {
        let rows = try await database.rows(
            "SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.from) ORDER BY p.fiscal_year DESC, p.code")
        var result: [Programme] = []
        for row in rows { result.append(try Self.decode(row)) }
        return result
    }

    /// Every programme as read at most `freshness` ago, or since a change made through this process: for labels and
    /// filters, which a change made through another process may reach that much later.
    public func list(rememberedFor freshness: Duration) async throws -> [Programme] {
        try await database.programmesCache.value(freshness: freshness) { try await list() }
    }

    /// Moves a programme through draft → open → closed → archived.
    public func setStatus(code: String, to status: ProgrammeStatus) async throws -> Programme {
        defer { database.programmesCache.forget() }
        return try await database.client.transaction(logger: database.logger) { connection in
            let rows = try await connection.run(
                "SELECT status FROM programmes WHERE code = \(code) FOR UPDATE", logger: database.logger)
            var current: ProgrammeStatus?
            for try await raw in rows.decode(String.self) { current = ProgrammeStatus(rawValue: raw) }
            guard let current else { throw DomainError.notFound(entity: .programme) }
            guard current.canMove(to: status) else {
                throw DomainError.validation(field: "status", reason: .notAllowedNow)
            }
            try await connection.run(
                "UPDATE programmes SET status = \(status.rawValue) WHERE code = \(code)", logger: database.logger)
            let updated = try await connection.run(
                "SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.from) WHERE p.code = \(code)",
                logger: database.logger)
            for try await row in updated { return try Self.decode(row) }
            throw DomainError.notFound(entity: .programme)
        }
    }

    /// Puts a new rule version in force. Applications already submitted keep the version they were judged by.
    @discardableResult
    public func replaceRules(code: String, rules: [EligibilityRule]) async throws -> Int {
        defer { database.programmesCache.forget() }
        return try await database.client.transaction(logger: database.logger) { connection in
            let rows = try await connection.run(
                "UPDATE programmes SET rule_version = rule_version + 1 WHERE code = \(code) RETURNING id, rule_version",
                logger: database.logger)
            for try await (id, version) in rows.decode((UUID, Int).self) {
                try await connection.run(
                    """
                    INSERT INTO programme_rule_versions (programme_id, version, rules)
                    VALUES (\(id), \(version), \(JSONColumn.encode(rules))::jsonb)
                    """, logger: database.logger)
                return version
            }
            throw DomainError.notFound(entity: .programme)
        }
    }

    /// Every rule version the programme has issued, oldest first.
    public func ruleVersions(code: String) async throws -> [EligibilityRuleSet] {
        try await ruleVersions(of: code).map(\.rules)
    }

    /// Every rule version of the programme `code`, or of every programme when nil: by programme code, then version.
    public func ruleVersions(of code: String?) async throws -> [(programme: String, rules: EligibilityRuleSet)] {
        let rows = try await database.rows(
            """
            SELECT p.code, r.version, r.rules::text FROM programme_rule_versions r
            JOIN programmes p ON p.id = r.programme_id
            WHERE \(code)::text IS NULL OR p.code = \(code) ORDER BY p.code, r.version
            """)
        return try rows.decode((String, Int, String).self).map {
            ($0.0, EligibilityRuleSet(version: $0.1, rules: try JSONColumn.decode([EligibilityRule].self, $0.2)))
        }
    }

    /// The programme's budget position.
    public func ledger(code: String) async throws -> BudgetLedger {
        let rows = try await database.rows(
            """
            SELECT l.budget, l.reserved, l.committed, l.spent FROM programme_budgets l
            JOIN programmes p ON p.id = l.programme_id WHERE p.code = \(code)
            """)
        for (budget, reserved, committed, spent) in try rows.decode((Int64, Int64, Int64, Int64).self) {
            return BudgetLedger(limit: budget, reserved: reserved, committed: committed, spent: spent)
        }
        throw DomainError.notFound(entity: .programme)
    }

    static func decode(_ row: PostgresRow) throws -> Programme { try decode(Cells(row.makeRandomAccess(), from: 0)) }

    /// Decodes `columns` from where `cell` starts (a joined row may hold more than the programme).
    static func decode(_ cell: Cells) throws -> Programme {
        return Programme(
            id: try cell(0), code: try cell(1), name: LocalizedText(vi: try cell(2), en: try cell(3)),
            kind: ProgrammeKind(rawValue: try cell(4, String.self)) ?? .training, fiscalYear: try cell(5),
            opensAt: try cell(6), closesAt: try cell(7),
            status: ProgrammeStatus(rawValue: try cell(8, String.self)) ?? .draft, budget: try cell(9),
            ceilingPerApplication: try cell(10), capPerCooperative: try cell(11),
            terms: try JSONColumn.decode(ProgrammeTerms.self, try cell(12, String.self)),
            requiredDocuments: try JSONColumn.decode([String].self, try cell(13, String.self)),
            reviewDeadlineWorkingDays: try cell(14),
            rules: EligibilityRuleSet(
                version: try cell(15), rules: try JSONColumn.decode([EligibilityRule].self, try cell(16, String.self))))
    }
}
