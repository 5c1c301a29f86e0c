import Foundation

/// The JSON encoders of the documents CoopCase signs, hashes and hands out, one per purpose and each made once:
/// making an encoder is a good part of encoding one small value, and one place says how each is written.
public enum JSONCoding {
    /// Canonical bytes: keys sorted, no insignificant whitespace, slashes unescaped, times to the millisecond in
    /// UTC. Audit event bodies are hashed as these bytes and checkpoints signed, so they must never change.
    public static let canonical = encoder(
        [.sortedKeys, .withoutEscapingSlashes], dates: InternetDate.stringWithMilliseconds)

    /// The canonical form indented, for files a person opens: a bundle's manifest.
    public static let readable = encoder(
        [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes], dates: InternetDate.stringWithMilliseconds)

    /// Reads what `canonical` writes.
    public static let canonicalDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = InternetDate.read(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a time: \(text)")
            }
            return date
        }
        return decoder
    }()

    /// An encoder with these settings that writes each time as `dates` gives it.
    public static func encoder(
        _ formatting: JSONEncoder.OutputFormatting, dates: @escaping @Sendable (Date) -> String
    ) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = formatting
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(dates(date))
        }
        return encoder
    }
}
