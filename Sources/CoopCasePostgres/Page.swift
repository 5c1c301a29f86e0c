import CoopCaseDomain
import Foundation

/// One page of a keyset-paginated list.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?
}

/// An opaque position in a list ordered by (created_at, id) descending.
struct Cursor {
    var date: Date
    var id: UUID

    init(date: Date, id: UUID) {
        self.date = date
        self.id = id
    }

    /// Parses a cursor handed out earlier; anything else is a validation error naming the field.
    init(token: String) throws {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw DomainError.validation(field: "cursor", reason: .unknownValue)
        }
        let parts = text.split(separator: "|")
        // Only times a row can have (1970 to the end of year 9999): a number past them would trap when the date is
        // encoded for PostgreSQL.
        guard parts.count == 2, let micros = Int64(parts[0]), (0..<253_402_300_800_000_000).contains(micros),
            let id = UUID(uuidString: String(parts[1]))
        else {
            throw DomainError.validation(field: "cursor", reason: .unknownValue)
        }
        self.date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        self.id = id
    }

    var token: String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        return Data("\(micros)|\(id.uuidString)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
