import CoopCaseDomain
import Foundation
import PostgresNIO
import Synchronization

/// One SQL statement assembled in parts: each bound value takes the next placeholder, and its type is recorded from
/// the Swift type (not the value, so a nil declares the same type), which lets the text be prepared once.
struct Statement {
    var sql = ""
    var binds = PostgresBindings()
    var types: [PostgresDataType] = []

    mutating func bind<Value: PostgresEncodable>(_ value: Value?) throws -> String {
        if let value { try binds.append(value) } else { binds.appendNull() }
        types.append(Value.psqlType)
        return "$\(types.count)"
    }
}

/// Names one statement text that PostgreSQL parses and plans once per connection (`Prepared`).
protocol StatementShape: SendableMetatype {}

/// A statement text run as a named prepared statement: parsing and planning, most of PostgreSQL's work for the short
/// statements of a read or a transition, happen once per connection instead of every time. The text is whatever the
/// `Statement` of its shape assembled first; assembling a different one under the same shape is a programming error.
struct Prepared<Shape: StatementShape>: PostgresPreparedStatement {
    typealias Row = PostgresRow
    static var name: String { "coopcase_\(Shape.self)" }
    static var sql: String { PreparedTexts.text(of: Shape.self).sql }
    static var bindingDataTypes: [PostgresDataType] { PreparedTexts.text(of: Shape.self).types }
    let bindings: PostgresBindings

    init(_ statement: Statement) {
        PreparedTexts.register(Shape.self, sql: statement.sql, types: statement.types)
        bindings = statement.binds
    }

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws -> PostgresRow { row }
}

enum PreparedTexts {
    private static let texts = Mutex<[ObjectIdentifier: (sql: String, types: [PostgresDataType])]>([:])

    static func register(_ shape: any StatementShape.Type, sql: String, types: [PostgresDataType]) {
        texts.withLock { texts in
            if let known = texts[ObjectIdentifier(shape)] {
                precondition(known.sql == sql && known.types == types, "two texts for statement \(shape)")
            } else {
                texts[ObjectIdentifier(shape)] = (sql, types)
            }
        }
    }

    static func text(of shape: any StatementShape.Type) -> (sql: String, types: [PostgresDataType]) {
        texts.withLock { $0[ObjectIdentifier(shape)] ?? ("", []) }
    }
}

/// Select lists written as one string: how many columns, and the same columns under a table alias.
enum SelectList {
    static func count(_ columns: String) -> Int { columns.split(separator: ",").count }

    static func qualified(_ columns: String, by alias: String) -> String {
        columns.split(separator: ",").map { "\(alias).\($0.trimmed())" }
            .joined(separator: ", ")
    }
}
