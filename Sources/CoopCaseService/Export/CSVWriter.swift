import CoopCaseDomain
import Foundation

/// The CSV files of a bundle, written as batches arrive.
final class CSVWriter {
    private let applications: ExportFile
    private let events: ExportFile

    init(directory: URL) throws {
        applications = try ExportFile(directory: directory, name: "applications.csv")
        events = try ExportFile(directory: directory, name: "events.csv")
        try applications.write(line: csvLine(ExportedApplication.csvHeader), isRow: false)
        try events.write(line: csvLine(ExportedEvent.csvHeader), isRow: false)
    }

    func write(_ batch: ExportBatch) throws {
        for application in batch.applications { try applications.write(csv: application) }
        for event in batch.events { try events.write(csv: event) }
    }

    func close() throws -> [String: ExportManifest.FileEntry] {
        try ExportFile.close([applications, events])
    }
}
