import CoopCaseDomain
import CoopCaseService
import Foundation

/// The administrative-unit catalogue: read, imported from a file, and applied to the registry's addresses.
extension APIService {
    func listPlaces(_ input: Operations.ListPlaces.Input) async throws -> Operations.ListPlaces.Output {
        let catalogue = try await service.places.list(by: try Caller.actor())
        let level = input.query.level.flatMap { UnitCatalogue.Level(rawValue: $0.rawValue) }
        let units = catalogue.units.values.filter { level == nil || $0.level == level }
            .sorted { ($0.level.rawValue, $0.code) < ($1.level.rawValue, $1.code) }
        let codes = Set(units.map(\.code))
        let successions = catalogue.successions.filter { codes.contains($0.from) || codes.contains($0.to) }
            .sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        return .ok(
            .init(
                body: .json(
                    .init(
                        units: units.map {
                            .init(
                                code: $0.code, level: .init(rawValue: $0.level.rawValue) ?? .commune, name: $0.name,
                                validTo: $0.validTo?.description)
                        },
                        successions: successions.map {
                            .init(from: $0.from, to: $0.to, effective: $0.effective.description, basis: $0.basis)
                        }))))
    }

    func importPlaces(_ input: Operations.ImportPlaces.Input) async throws -> Operations.ImportPlaces.Output {
        guard case .json(let body) = input.body else { throw APIError.unsupportedMediaType }
        let units = try await service.places.importFile(body.csv, by: try Caller.actor())
        return .ok(.init(body: .json(.init(units: units))))
    }

    func remapPlaces(_ input: Operations.RemapPlaces.Input) async throws -> Operations.RemapPlaces.Output {
        let dryRun = input.query.dryRun ?? false
        let moves = try await service.places.remap(dryRun: dryRun, by: try Caller.actor())
        return .ok(
            .init(
                body: .json(
                    .init(
                        dryRun: dryRun,
                        items: moves.map { move in
                            .init(
                                code: move.code, name: move.name,
                                changes: move.changes.map(Components.Schemas.FieldChange.init))
                        }))))
    }
}

extension Components.Schemas.FieldChange {
    init(_ change: CooperativeChange.Field) {
        self.init(field: change.field, from: change.from, to: change.to)
    }
}
