import CoopCaseDomain
internal import CoopCasePostgres
import Foundation

/// The registry of cooperatives: registered one by one or imported from a file, searched and read.
public struct CooperativeService: Sendable {
    let database: Database
    var store: CooperativeStore { database.cooperatives }

    /// The outcome of a registry import.
    public struct ImportReport: Sendable, Codable {
        public var imported: Int
        public var rejected: [RegistryCSV.RowError]
        public var dryRun: Bool
    }

    public enum ImportError: Error, Sendable {
        /// Some rows were bad and `skipInvalid` was not given: nothing was imported.
        case invalidRows([RegistryCSV.RowError])
    }

    public func create(_ cooperative: Cooperative, by actor: Actor?) async throws {
        try actor?.require(.manageCooperatives)
        try cooperative.validate()
        try await store.create(cooperative)
    }

    /// Imports parsed rows in one transaction. Bad rows (unreadable, or a code already registered or repeated
    /// in the file) abort the whole import unless `skipInvalid`; a dry run checks everything and keeps nothing.
    public func importRows(
        _ rows: [RegistryCSV.Row], skipInvalid: Bool, dryRun: Bool, by actor: Actor,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> ImportReport {
        try actor.require(.manageCooperatives)
        let report = try await store.importing(keep: { _ in !dryRun }) { registry in
            var report = ImportReport(imported: 0, rejected: [], dryRun: dryRun)
            for (index, row) in rows.enumerated() {
                switch row.result {
                case .failure(let problems):
                    report.rejected += problems.errors
                case .success(let cooperative):
                    if try await registry.insert(cooperative) {
                        report.imported += 1
                    } else {
                        report.rejected.append(
                            RegistryCSV.RowError(
                                line: row.line, field: row.column("code"),
                                reason: LocalizedText(
                                    vi: "\(cooperative.code.value) đã có trong sổ đăng ký",
                                    en: "\(cooperative.code.value) is already registered")))
                    }
                }
                progress?(index + 1, rows.count)
            }
            if !report.rejected.isEmpty && !skipInvalid && !dryRun {
                throw ImportError.invalidRows(report.rejected)
            }
            return report
        }
        return report
    }

    /// One cooperative as `actor` may see it: applicants their own only (others are not found), staff with the
    /// registry permission.
    public func get(id: UUID, by actor: Actor) async throws -> Cooperative {
        try Self.visible(try await store.get(id: id), to: actor)
    }

    public func get(id: UUID) async throws -> Cooperative { try await store.get(id: id) }

    /// Edits an entry (officers and administrators). `expectedVersion` is the version the editor read; a stale one
    /// is refused and changes nothing. Every change is kept in the entry's history, from and to.
    public func update(id: UUID, to edited: Cooperative, expectedVersion: Int, by actor: Actor) async throws
        -> Cooperative
    {
        try actor.require(.manageCooperatives)
        return try await store.update(id: id, by: actor.username) { current in
            try CooperativeEdit.apply(edited, over: current, expectedVersion: expectedVersion)
        }
    }

    /// An entry's edits, oldest first, as `actor` may see them.
    public func history(id: UUID, by actor: Actor) async throws -> [CooperativeChange] {
        _ = try await get(id: id, by: actor)
        return try await store.history(id: id)
    }

    public func find(code: String, by actor: Actor) async throws -> Cooperative {
        guard let found = try await store.find(code: code) else {
            throw DomainError.notFound(entity: .cooperative, key: code)
        }
        return try Self.visible(found, to: actor)
    }

    private static func visible(_ cooperative: Cooperative, to actor: Actor) throws -> Cooperative {
        guard Workflow.canSee(actor, cooperativeId: cooperative.id) else {
            throw DomainError.notFound(entity: .cooperative)
        }
        if actor.role != .applicant { try actor.require(.readRegistry) }
        return cooperative
    }

    public func find(code: String) async throws -> Cooperative? { try await store.find(code: code) }

    /// Cooperatives whose name or code matches `text`, a page at a time.
    public func search(_ text: String?, limit: Int = 50, after: String? = nil) async throws -> Page<Cooperative> {
        try await store.search(text, limit: limit, after: after)
    }

    /// As `search`, for staff who may read the registry.
    public func search(_ text: String?, limit: Int = 50, after: String? = nil, by actor: Actor) async throws
        -> Page<Cooperative>
    {
        try actor.require(.readRegistry)
        return try await store.search(text, limit: limit, after: after)
    }
}
