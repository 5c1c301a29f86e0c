import CoopCaseDomain
import Foundation
import PostgresNIO

public struct CooperativeStore: Sendable {
    let database: Database

    static let columns = """
        id, code, name, kind, sector, address::text, members, workers, annual_revenue, founded, contact::text,
        has_computer, has_internet, has_website, has_accounting_software, has_sales_software, version
        """
    static let columnCount = SelectList.count(columns)

    public func create(_ cooperative: Cooperative) async throws {
        try await insert(cooperative, on: nil)
    }

    /// Inserts on `connection` when given (inside a caller's transaction), else on the pool.
    func insert(_ cooperative: Cooperative, on connection: PostgresConnection?) async throws {
        let r = cooperative.readiness
        let query: PostgresQuery = """
            INSERT INTO cooperatives (id, code, name, kind, sector, address, province_code, members, workers,
                annual_revenue, founded, contact, has_computer, has_internet, has_website, has_accounting_software,
                has_sales_software)
            VALUES (\(cooperative.id), \(cooperative.code.value), \(cooperative.name), \(cooperative.kind.rawValue),
                \(cooperative.sector), \(JSONColumn.encode(cooperative.address))::jsonb,
                \(cooperative.address.province.code), \(cooperative.members), \(cooperative.workers),
                \(cooperative.annualRevenue), \(cooperative.founded), \(JSONColumn.encode(cooperative.contact))::jsonb,
                \(r.computer), \(r.internet), \(r.website), \(r.accountingSoftware), \(r.salesSoftware))
            """
        do {
            if let connection {
                try await connection.run(query, logger: database.logger)
            } else {
                try await database.rows(query)
            }
        } catch let error as PSQLError where error.sqlState == "23505" {
            throw DomainError.conflict(entity: .cooperative, key: cooperative.code.value)
        }
    }

    /// Runs `body` in one transaction, kept when `keep` says so of its result and rolled back otherwise.
    public func importing<Result: Sendable>(
        keep: (Result) -> Bool, _ body: (RegistryWrite) async throws -> Result
    ) async throws -> Result {
        do {
            return try await database.client.transaction(logger: database.logger) { connection in
                let result = try await body(RegistryWrite(store: self, connection: connection))
                if !keep(result) { throw Rollback(result: result) }
                return result
            }
        } catch let rollback as Rollback {
            guard let result = rollback.result as? Result else { throw rollback }
            return result
        }
    }

    public func get(id: UUID) async throws -> Cooperative {
        try await database.client.withConnection { try await get(id: id, on: $0) }
    }

    func get(id: UUID, on connection: PostgresConnection) async throws -> Cooperative {
        let rows = try await connection.run(
            "SELECT \(unescaped: Self.columns) FROM cooperatives WHERE id = \(id)",
            logger: database.logger)
        for try await row in rows { return try Self.decode(row) }
        throw DomainError.notFound(entity: .cooperative)
    }

    public func find(code: String) async throws -> Cooperative? {
        let rows = try await database.rows(
            "SELECT \(unescaped: Self.columns) FROM cooperatives WHERE code = \(code)")
        for row in rows { return try Self.decode(row) }
        return nil
    }

    public func list() async throws -> [Cooperative] {
        let rows = try await database.rows(
            "SELECT \(unescaped: Self.columns) FROM cooperatives ORDER BY code")
        var result: [Cooperative] = []
        for row in rows { result.append(try Self.decode(row)) }
        return result
    }

    /// Searches names and codes ignoring case and Vietnamese diacritics; pages ordered by code.
    /// The identifiers of cooperatives whose name or code contains `text`, diacritics ignored; at most `limit`.
    public func matching(_ text: String, limit: Int) async throws -> [UUID] {
        let rows = try await database.rows(
            "SELECT id FROM cooperatives WHERE strpos(search_text, vn_fold(\(text))) > 0 LIMIT \(limit)")
        return try rows.decode(UUID.self).reduce(into: []) { $0.append($1) }
    }

    public func search(_ text: String?, limit: Int = 50, after: String? = nil) async throws -> Page<Cooperative> {
        let query = text?.trimmed(keepingNewlines: true) ?? ""
        let rows = try await database.rows(
            """
            SELECT \(unescaped: Self.columns) FROM cooperatives
            WHERE (\(query) = '' OR strpos(search_text, vn_fold(\(query))) > 0)
              AND (\(after)::text IS NULL OR code > \(after))
            ORDER BY code LIMIT \(limit + 1)
            """)
        var items: [Cooperative] = []
        for row in rows { items.append(try Self.decode(row)) }
        guard items.count > limit else { return Page(items: items, nextCursor: nil) }
        items.removeLast()
        return Page(items: items, nextCursor: items.last?.code.value)
    }

    static func decode(_ row: PostgresRow) throws -> Cooperative { try decode(Cells(row.makeRandomAccess(), from: 0)) }

    /// Decodes `columns` from where `cell` starts (a joined row may hold more than the cooperative).
    static func decode(_ cell: Cells) throws -> Cooperative {
        let readiness = DigitalReadiness(
            computer: try cell(11), internet: try cell(12), website: try cell(13), accountingSoftware: try cell(14),
            salesSoftware: try cell(15))
        var cooperative = Cooperative(
            id: try cell(0), code: try CooperativeCode(try cell(1)), name: try cell(2),
            kind: CooperativeKind(rawValue: try cell(3, String.self)) ?? .cooperative, sector: try cell(4),
            address: try JSONColumn.decode(Address.self, try cell(5, String.self)), members: try cell(6),
            workers: try cell(7), annualRevenue: try cell(8), founded: try cell(9),
            contact: try JSONColumn.decode(Contact.self, try cell(10, String.self)), readiness: readiness)
        cooperative.version = try cell(16)
        return cooperative
    }

    /// Edits the entry `id` under a lock: `decide` gets it as stored and gives the edited entry with the fields that
    /// changed (none: nothing is written). The update and its history line land together.
    public func update(
        id: UUID, by username: String,
        _ decide: (Cooperative) throws -> (Cooperative, [CooperativeChange.Field])
    ) async throws -> Cooperative {
        try await database.client.transaction(logger: database.logger) { connection in
            var current: Cooperative?
            for try await row in try await connection.run(
                "SELECT \(unescaped: Self.columns) FROM cooperatives WHERE id = \(id) FOR UPDATE",
                logger: database.logger)
            {
                current = try Self.decode(row)
            }
            guard let current else { throw DomainError.notFound(entity: .cooperative) }
            let (next, changes) = try decide(current)
            guard !changes.isEmpty else { return current }
            let r = next.readiness
            try await connection.run(
                """
                UPDATE cooperatives SET name = \(next.name), kind = \(next.kind.rawValue), sector = \(next.sector),
                    address = \(JSONColumn.encode(next.address))::jsonb, province_code = \(next.address.province.code),
                    members = \(next.members), workers = \(next.workers), annual_revenue = \(next.annualRevenue),
                    founded = \(next.founded), contact = \(JSONColumn.encode(next.contact))::jsonb,
                    has_computer = \(r.computer), has_internet = \(r.internet), has_website = \(r.website),
                    has_accounting_software = \(r.accountingSoftware), has_sales_software = \(r.salesSoftware),
                    version = \(next.version)
                WHERE id = \(id)
                """, logger: database.logger)
            try await connection.run(
                """
                INSERT INTO cooperative_changes (cooperative_id, version, at, actor_username, changes)
                VALUES (\(id), \(next.version), \(database.now), \(username), \(JSONColumn.encode(changes))::jsonb)
                """, logger: database.logger)
            return next
        }
    }

    /// The entry's edits, oldest first.
    public func history(id: UUID) async throws -> [CooperativeChange] {
        let rows = try await database.rows(
            """
            SELECT at, actor_username, version, changes::text FROM cooperative_changes
            WHERE cooperative_id = \(id) ORDER BY version
            """)
        return try rows.decode((Date, String, Int, String).self).map {
            CooperativeChange(
                at: $0.0, username: $0.1, version: $0.2,
                changes: try JSONColumn.decode([CooperativeChange.Field].self, $0.3))
        }
    }
}

/// A result to return after rolling back the transaction that made it.
private struct Rollback: Error {
    let result: any Sendable
}
