import CoopCaseDomain
internal import CoopCasePostgres
import Foundation

/// Administrative units and their successors: read by eligibility, kept by administrators, and used to move the
/// registry's addresses to today's units.
public struct PlacesService: Sendable {
    let database: Database
    var store: PlacesStore { database.places }

    /// The catalogue rules on places are judged through (from memory for a minute, as the calendar).
    public func catalogue() async throws -> UnitCatalogue {
        try await database.placesCache.value(freshness: CalendarService.freshness) { try await store.load() }
    }

    /// The catalogue as staff read it.
    public func list(by actor: Actor) async throws -> UnitCatalogue {
        try actor.require(.readRegistry)
        return try await catalogue()
    }

    /// Adds or updates the units of a CSV file (see `UnitCatalogueCSV`); a file with any bad line changes nothing.
    public func importFile(_ csv: String, by actor: Actor) async throws -> Int {
        try actor.require(.manageCooperatives)
        switch UnitCatalogueCSV.parse(csv) {
        case .failure(let problems):
            throw FileImportError.invalidLines(problems.errors)
        case .success(let catalogue):
            try await store.save(catalogue, by: actor.username)
            forget()
            return catalogue.units.count
        }
    }

    /// Installs the shipped units (`ShippedUnits`); run by `coopcase migrate`, harmless to repeat.
    public func installShipped() async throws {
        try await install(ShippedUnits.catalogue, by: "coopcase")
    }

    func install(_ catalogue: UnitCatalogue, by username: String) async throws {
        try await store.save(catalogue, by: username)
        forget()
    }

    /// One address moved to today's units.
    public struct Move: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var changes: [CooperativeChange.Field]
    }

    /// Moves every registry address recorded under a unit that has since been merged or renamed to the unit it
    /// became, and drops a district that no longer exists; each move is an edit in the entry's history (the old
    /// address is kept there). With `dryRun`, says what would move and moves nothing.
    public func remap(dryRun: Bool, by actor: Actor) async throws -> [Move] {
        try actor.require(.manageCooperatives)
        let catalogue = try await catalogue()
        let today = CivilDay(database.now)
        var moves: [Move] = []
        for cooperative in try await database.cooperatives.list() {
            var edited = cooperative
            var address = edited.address
            if let province = catalogue.successor(of: address.province, on: today) { address.province = province }
            if let ward = catalogue.successor(of: address.ward, on: today) { address.ward = ward }
            if let district = address.district {
                if let next = catalogue.successor(of: district, on: today) {
                    address.district = next
                } else if let known = catalogue.units[district.code], let end = known.validTo, end < today {
                    address.district = nil
                }
            }
            edited.address = address
            let changes = CooperativeEdit.differences(from: cooperative, to: edited)
            guard !changes.isEmpty else { continue }
            if !dryRun {
                _ = try await CooperativeService(database: database).update(
                    id: cooperative.id, to: edited, expectedVersion: cooperative.version, by: actor)
            }
            moves.append(Move(code: cooperative.code.value, name: cooperative.name, changes: changes))
        }
        return moves
    }

    private func forget() { database.placesCache.forget() }
}
