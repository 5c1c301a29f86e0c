import CoopCaseDomain
import Foundation

/// JSON columns travel as text: encoded and decoded here, bound as `$n::jsonb`, selected as `col::text`.
enum JSONColumn {
    // Both are safe to share between tasks; making them is a good part of encoding one small value.
    private static let encoder = JSONCoding.encoder([.sortedKeys], dates: InternetDate.string)
    private static let decoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = InternetDate.read(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \(text)")
            }
            return date
        }
        return decoder
    }()

    static func encode<T: Encodable>(_ value: T) -> String {
        // Encoding the domain's plain value types cannot fail.
        String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    static func encodeOptional<T: Encodable>(_ value: T?) -> String? {
        value.map { encode($0) }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try decoder.decode(type, from: Data(text.utf8))
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) throws -> T? {
        try text.map { try decode(type, $0) }
    }

    /// A JSON array of strings as PostgreSQL prints it (`["a", "b"]`), nil as empty. Without a backslash every string
    /// runs from one quote to the next, so it is read directly; anything else goes through the decoder.
    static func strings(_ text: String?) throws -> [String] {
        guard let text, text != "[]" else { return [] }
        let utf8 = text.utf8
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        guard !utf8.contains(backslash) else { return try decode([String].self, text) }
        var strings: [String] = []
        var position = utf8.startIndex
        while let open = utf8[position...].firstIndex(of: quote) {
            let start = utf8.index(after: open)
            guard let close = utf8[start...].firstIndex(of: quote) else { return try decode([String].self, text) }
            strings.append(String(text[start..<close]))
            position = utf8.index(after: close)
        }
        return strings
    }
}
