import Foundation

/// The records of a CSV text as spreadsheets write it: quoted fields, doubled quotes, line breaks inside quotes, and
/// `;` or `,` as the separator (whichever the first line uses more).
enum CSVRecords {
    /// Splits into records of fields, keeping each record's starting line number. Detects `;` or `,`.
    static func records(_ text: String) -> [(Int, [String])] {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        let separator: Character =
            firstLine.filter { $0 == ";" }.count > firstLine.filter { $0 == "," }.count ? ";" : ","
        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var characters = Array(text)
        characters.append("\n")
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    if character == "\n" { line += 1 }
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty {
                quoted = true
            } else if character == separator {
                fields.append(field)
                field = ""
            } else if character == "\n" || character == "\r" || character == "\r\n" {
                if character == "\r" && index + 1 < characters.count && characters[index + 1] == "\n" { index += 1 }
                fields.append(field)
                if !(fields.count == 1 && fields[0].isEmpty && index == characters.count - 1) {
                    records.append((recordLine, fields))
                }
                fields = []
                field = ""
                line += 1
                recordLine = line
            } else {
                field.append(character)
            }
            index += 1
        }
        return records
    }

    /// The rows of a file that must open with exactly `header` (a byte-order mark and the header's case and spaces
    /// ignored), each trimmed and with the header's number of columns. A wrong header refuses the file; a row with
    /// another number of columns is refused alone, each with its line.
    static func table(_ text: String, header: [String]) -> (
        rows: [(line: Int, fields: [String])], errors: [RegistryCSV.RowError]
    ) {
        var records = records(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        let names = records.first?.1.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard names == header else {
            let expected = header.joined(separator: ",")
            return (
                [],
                [
                    .init(
                        line: records.first?.0 ?? 1, field: "header",
                        reason: LocalizedText(
                            vi: "dòng tiêu đề phải là \(expected)", en: "the header must be \(expected)"))
                ]
            )
        }
        records.removeFirst()
        var rows: [(line: Int, fields: [String])] = []
        var errors: [RegistryCSV.RowError] = []
        for (line, fields) in records {
            guard fields.count == header.count else {
                errors.append(
                    .init(
                        line: line, field: "line",
                        reason: LocalizedText(
                            vi: "cần \(header.count) cột, có \(fields.count)",
                            en: "needs \(header.count) columns, has \(fields.count)")))
                continue
            }
            rows.append((line, fields.map { $0.trimmingCharacters(in: .whitespaces) }))
        }
        return (rows, errors)
    }
}
