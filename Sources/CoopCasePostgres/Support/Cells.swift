import CoopCaseDomain
import Foundation
import PostgresNIO

/// A row's cells counted from an offset, so one joined row can carry several records.
struct Cells {
    let row: PostgresRandomAccessRow
    let base: Int

    init(_ row: PostgresRandomAccessRow, from base: Int) {
        self.row = row
        self.base = base
    }

    func callAsFunction<T: PostgresDecodable>(_ index: Int, _ type: T.Type = T.self) throws -> T {
        try row[base + index].decode(T.self)
    }
}
