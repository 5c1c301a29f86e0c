import CoopCaseDomain
internal import CoopCasePostgres
import Foundation

extension ApplicationService {
    /// The officers' queue: open work (or one state), what falls due first at the top, each row with its programme,
    /// cooperative, assignee and deadline; and how many applications each state holds in the programme (or all),
    /// as last counted (again in the background once `QueueFilter.countsFreshness` old). Text that reads as a reference finds that application;
    /// other text, the applications of cooperatives whose name or code contains it, diacritics ignored.
    public func queue(_ filter: QueueFilter, limit: Int = 50, cursor: String? = nil, by actor: Actor) async throws
        -> (page: Page<QueueItem>, counts: [ApplicationState: Int], programmes: [Programme])
    {
        try actor.require(.useWorkspace)
        var reference: String?
        var cooperatives: [UUID]?
        var broad: String?
        if let text = filter.text?.trimmed(), !text.isEmpty {
            if let parsed = PublicReference(parsing: text) {
                reference = parsed.value
            } else {
                let found = try await database.cooperatives.matching(text, limit: QueueFilter.searchLimit + 1)
                if found.count > QueueFilter.searchLimit { broad = text } else { cooperatives = found }
            }
        }
        let programmes = try await database.programmes.list(rememberedFor: QueueFilter.programmesFreshness)
        let rows =
            cooperatives?.isEmpty == true
            ? Page(items: [], nextCursor: nil)
            : try await store.queue(
                state: filter.state, programmeCode: filter.programmeCode, reference: reference,
                cooperatives: cooperatives, cooperativeText: broad, limit: limit, cursor: cursor)
        let counting = store
        let ids = programmes.map(\.id)
        let all = try await database.stateCountsCache.value(refreshingAfter: QueueFilter.countsFreshness) {
            try await counting.stateCounts(of: ids, pause: QueueFilter.countsPause)
        }
        let chosen = programmes.filter { filter.programmeCode == nil || $0.code == filter.programmeCode }.map(\.id)
        let counts = chosen.reduce(into: [ApplicationState: Int]()) { counts, id in
            counts.merge(all[id] ?? [:], uniquingKeysWith: +)
        }
        let byId = Dictionary(programmes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let standing = try await deadlines()
        let items = rows.items.compactMap { row -> QueueItem? in
            guard let programme = byId[row.application.programmeId] else { return nil }
            return QueueItem(
                application: row.application, programme: programme.identity, programmeName: programme.name,
                cooperative: row.cooperative, assignee: row.assignee, deadline: standing(row.application))
        }
        return (Page(items: items, nextCursor: rows.nextCursor), counts, programmes)
    }
}
