import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import Testing

/// The summary's sums cannot overflow: even rows at the largest 64-bit amounts (data older than today's bounds, or
/// put there by hand) leave the report readable, its totals held at the largest integer.
@Suite struct ReportSumTests {
    @Test func sumsPastSixtyFourBitsSaturateInsteadOfFailingTheReport() async throws {
        try await TestDatabase.with { test in
            let world = try await World.make(test)
            _ = try await world.drive(try await world.draft(amount: 1_000_000), through: [.submit])
            _ = try await world.drive(try await world.draft(amount: 1_000_000), through: [.submit])
            let other = Fixtures.cooperative(serial: 4242)
            try await test.service.cooperatives.create(other, by: nil)
            let logger = test.database.logger
            try await test.owner.query(
                "UPDATE cooperatives SET annual_revenue = \(Int64.max)", logger: logger)
            try await test.owner.query(
                "UPDATE applications SET requested_amount = \(Int64.max)", logger: logger)
            let summary = try await world.service.summary(by: world.cast.auditor)
            #expect(summary.registry.totalRevenue == .max)
            #expect(summary.registry.averageRevenue == .max)
            let line = try #require(summary.programmes.first { $0.code == world.programme.code })
            #expect(line.requested == .max)
        }
    }
}
