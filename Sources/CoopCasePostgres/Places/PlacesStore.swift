import CoopCaseDomain
import Foundation
import PostgresNIO

/// Administrative units and their successions.
public struct PlacesStore: Sendable {
    let database: Database

    public func load() async throws -> UnitCatalogue {
        let units = try await database.rows("SELECT code, level, name, valid_to::text FROM administrative_units")
            .decode((String, String, String, String?).self).compactMap { code, level, name, validTo in
                UnitCatalogue.Level(rawValue: level).map {
                    UnitCatalogue.Unit(code: code, level: $0, name: name, validTo: validTo.flatMap(CalendarCSV.day))
                }
            }
        let successions = try await database.rows(
            "SELECT from_code, to_code, effective::text, basis FROM unit_successions"
        ).decode((String, String, String, String).self).compactMap { from, to, effective, basis in
            CalendarCSV.day(effective).map { UnitCatalogue.Succession(from: from, to: to, effective: $0, basis: basis) }
        }
        return UnitCatalogue(units: units, successions: successions)
    }

    /// Adds or updates the units of `catalogue` and its successions, in one transaction; a succession naming a unit
    /// held nowhere is refused by the database and nothing lands.
    public func save(_ catalogue: UnitCatalogue, by username: String) async throws {
        try await database.client.transaction(logger: database.logger) { connection in
            for unit in catalogue.units.values.sorted(by: { $0.code < $1.code }) {
                try await connection.run(
                    """
                    INSERT INTO administrative_units (code, level, name, valid_to, changed_by)
                    VALUES (\(unit.code), \(unit.level.rawValue), \(unit.name), \(unit.validTo?.description)::date,
                            \(username))
                    ON CONFLICT (code) DO UPDATE SET level = EXCLUDED.level, name = EXCLUDED.name,
                        valid_to = EXCLUDED.valid_to, changed_by = EXCLUDED.changed_by, changed_at = now()
                    """, logger: database.logger)
            }
            for succession in catalogue.successions {
                try await connection.run(
                    """
                    INSERT INTO unit_successions (from_code, to_code, effective, basis)
                    VALUES (\(succession.from), \(succession.to), \(succession.effective.description)::date,
                            \(succession.basis))
                    ON CONFLICT (from_code, to_code) DO UPDATE SET effective = EXCLUDED.effective,
                        basis = EXCLUDED.basis
                    """, logger: database.logger)
            }
        }
    }
}
