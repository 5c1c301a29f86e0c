import CoopCaseDomain
import Foundation

/// A position in a list ordered by (created_at, id) descending: `<microseconds since 1970, 16 digits>_<id>`. Every
/// string of that shape is a position a row could have (1970 to 2286), so any the contract lets through can be read.
struct Cursor {
    var date: Date
    var id: UUID

    init(date: Date, id: UUID) {
        self.date = date
        self.id = id
    }

    /// Parses a cursor of that shape; anything else is a validation error naming the field.
    init(token: String) throws {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count == 16, parts[0].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let micros = Int64(parts[0]), let id = UUID(uuidString: String(parts[1]))
        else {
            throw DomainError.validation(field: "cursor", reason: .unknownValue)
        }
        self.date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        self.id = id
    }

    var token: String {
        let micros = max(0, Int64((date.timeIntervalSince1970 * 1_000_000).rounded()))
        let digits = String(micros)
        return String(repeating: "0", count: max(0, 16 - digits.count)) + digits + "_" + id.uuidString.lowercased()
    }
}
