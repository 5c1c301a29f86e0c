import Foundation

/// Administrative units with their validity and successors: provinces (34 since 1 July 2025), districts where they
/// still existed, communes and wards. A place recorded under a unit that was merged or renamed is judged through its
/// successors, so a rule written for the new unit accepts a cooperative recorded under the old one, and the reverse.
public struct UnitCatalogue: Sendable, Equatable {
    public enum Level: String, Sendable, Codable, CaseIterable {
        case province
        case district
        case commune
    }

    public struct Unit: Sendable, Equatable, Codable {
        public var code: String
        public var level: Level
        public var name: String
        /// The last day it existed; nil while it does.
        public var validTo: CivilDay?

        public init(code: String, level: Level, name: String, validTo: CivilDay? = nil) {
            self.code = code
            self.level = level
            self.name = name
            self.validTo = validTo
        }
    }

    /// A unit that took over (all or part of) another, from a day, by a document.
    public struct Succession: Sendable, Equatable, Codable {
        public var from: String
        public var to: String
        public var effective: CivilDay
        public var basis: String

        public init(from: String, to: String, effective: CivilDay, basis: String) {
            self.from = from
            self.to = to
            self.effective = effective
            self.basis = basis
        }
    }

    public var units: [String: Unit]
    public var successions: [Succession]

    public init(units: [Unit] = [], successions: [Succession] = []) {
        self.units = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last })
        self.successions = successions
    }

    /// The units in force on `day` that `code` became (itself when it still exists or is unknown).
    public func current(_ code: String, on day: CivilDay) -> Set<String> {
        var result: Set<String> = []
        var seen: Set<String> = []
        var pending = [code]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted else { continue }
            let onward = successions.filter { $0.from == next && $0.effective <= day }.map(\.to)
            if onward.isEmpty { result.insert(next) } else { pending += onward }
        }
        return result
    }

    /// Whether a place recorded as `code` is one of `listed`, counting successors both ways: a rule naming the new
    /// unit accepts the old one, and a rule naming the old unit accepts the new.
    public func matches(_ code: String, anyOf listed: [String], on day: CivilDay) -> Bool {
        let place = current(code, on: day).union([code])
        return listed.contains { place.contains($0) || !current($0, on: day).isDisjoint(with: place) }
    }

    /// The one unit `unit` became by `day`, when it became exactly one other (a merger or a rename); nil when it is
    /// current, unknown, or was split.
    public func successor(of unit: AdministrativeUnit, on day: CivilDay) -> AdministrativeUnit? {
        let now = current(unit.code, on: day)
        guard now.count == 1, let code = now.first, code != unit.code else { return nil }
        return AdministrativeUnit(code: code, name: units[code]?.name ?? unit.name)
    }

    /// The units' names where the catalogue knows them, their codes where not, for a message a person reads.
    public func names(_ codes: [String]) -> String {
        codes.map { units[$0]?.name ?? $0 }.joined(separator: ", ")
    }
}
