import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import CoopCaseAPI

/// The export stream is written by the response's own task: a client that goes away mid-download makes the next
/// write fail, and that ends the read and gives its connection back.
@Suite struct ExportStreamTests {
    struct ClientGone: Error {}

    /// A response writer whose connection closes after `lines` lines.
    struct ClosingWriter: ResponseBodyWriter {
        let lines: Int
        var written = 0

        mutating func write(_ buffer: ByteBuffer) async throws {
            guard written < lines else { throw ClientGone() }
            written += 1
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }

    @Test func aClientThatGoesAwayMidStreamGivesItsConnectionBack() async throws {
        try await API.with { api in
            for _ in 0..<6 { _ = try await api.world.draft() }
            let audit = api.world.service.audit
            let auditor = api.world.cast.auditor
            var writer: any ResponseBodyWriter = ClosingWriter(lines: 3)
            await #expect(throws: ClientGone.self) {
                try await ExportRoute.write(filters: .init(), by: auditor, from: audit, to: &writer)
            }
            // No connection of the application role is left inside the export's transaction.
            let busy = try await api.world.test.ownerScalar(
                """
                SELECT count(*)::int FROM pg_stat_activity
                WHERE datname = current_database() AND usename = 'coopcase_app' AND state <> 'idle'
                """, as: Int.self)
            #expect(busy == 0)
            // And the pool serves the next export to its end.
            var full: any ResponseBodyWriter = ClosingWriter(lines: 1_000)
            try await ExportRoute.write(filters: .init(), by: auditor, from: audit, to: &full)
            #expect((full as? ClosingWriter)?.written ?? 0 > 6)
        }
    }
}
