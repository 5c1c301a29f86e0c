import Foundation

extension ExportedEvent: CSVLineRecord {
    public func writeFields(to line: inout CSVLineWriter) {
        line.field(application)
        line.field(reference)
        line.field(seq)
        line.field(at)
        line.field(actor)
        line.field(role)
        line.field(channel)
        line.field(action)
        line.field(from)
        line.field(to)
        line.field(body)
        line.field(prevHash)
        line.field(hash)
    }

    public static let csvHeader = [
        "application", "reference", "seq", "at", "actor", "role", "channel", "action", "from", "to", "body",
        "prev_hash", "hash",
    ]
}
