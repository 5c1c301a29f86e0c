import CoopCaseDomain
import Foundation

/// Rows handed from the reader to the writer of a bundle.
struct ExportBatch: Sendable {
    static let size = 512
    var applications: [ExportedApplication] = []
    var events: [ExportedEvent] = []
    var attested: [ExportManifest.Head] = []
    var count: Int { applications.count + events.count + attested.count }
}
