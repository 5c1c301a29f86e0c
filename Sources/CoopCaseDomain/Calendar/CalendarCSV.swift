import Foundation

/// A year of the working calendar as a CSV file an administrator keeps: one line per day that is not an ordinary
/// working day or weekend, with the document that set it.
///
/// ```
/// day,kind,name_vi,name_en,basis
/// 2027-02-05,dayOff,Tết Âm lịch,Lunar New Year,Quyết định …
/// 2027-02-20,workingDay,Làm bù,Make-up working day,Quyết định …
/// ```
public enum CalendarCSV {
    public static let header = ["day", "kind", "name_vi", "name_en", "basis"]
    /// Longest name and basis accepted, in characters.
    public static let maximumText = 300

    /// Every entry of `year` in `text`, or every problem found, each with its line.
    public static func parse(_ text: String, year: Int) -> Result<[CalendarEntry], RegistryCSV.RowErrors> {
        var (rows, errors) = CSVRecords.table(text, header: header)
        var entries: [CalendarEntry] = []
        var seen: [CivilDay: Int] = [:]
        for (line, value) in rows {
            func fail(_ field: String, _ reason: LocalizedText) {
                errors.append(.init(line: line, field: field, reason: reason))
            }
            let day = Self.day(value[0])
            let kind = CalendarEntry.Kind(rawValue: value[1])
            if day == nil {
                fail("day", LocalizedText(vi: "phải là ngày dạng YYYY-MM-DD", en: "must be a date, YYYY-MM-DD"))
            }
            if let day, day.year != year {
                fail("day", LocalizedText(vi: "không thuộc năm \(year)", en: "is not in \(year)"))
            }
            if let day, let first = seen[day] {
                fail("day", LocalizedText(vi: "đã có ở dòng \(first)", en: "is already on line \(first)"))
            }
            if kind == nil {
                fail("kind", LocalizedText(vi: "phải là dayOff hoặc workingDay", en: "must be dayOff or workingDay"))
            }
            // Every rule on an entry's own fields is `CalendarEntry.problems`; the file names its columns.
            let entry = CalendarEntry(
                day: day ?? CivilDay(year: year, month: 1, day: 1), kind: kind ?? .dayOff,
                name: LocalizedText(vi: value[2], en: value[3]), basis: value[4])
            for (field, reason) in entry.problems where field != "day" || day != nil && kind != nil {
                fail(columns[field] ?? field, reason.text)
            }
            guard let day, let kind, day.year == year, seen[day] == nil else { continue }
            seen[day] = line
            entries.append(CalendarEntry(day: day, kind: kind, name: entry.name, basis: entry.basis))
        }
        return errors.isEmpty ? .success(entries) : .failure(.init(errors: errors))
    }

    /// The file's column for each field of an entry.
    static let columns = ["nameVi": "name_vi", "nameEn": "name_en", "basis": "basis", "day": "day"]

    /// `YYYY-MM-DD`, a real day of years 1 to 9999 (as PostgreSQL's dates go).
    public static func day(_ text: String) -> CivilDay? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.utf8.allSatisfy { (48...57).contains($0) } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            year >= 1, (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let civil = CivilDay(year: year, month: month, day: day)
        // 31 April and 29 February of a common year are not days: they come back as another.
        return CivilDay(julianDay: civil.julianDay) == civil ? civil : nil
    }

    /// The lines of `entries`, header first, as `parse` reads them.
    public static func text(_ entries: [CalendarEntry]) -> String {
        func quoted(_ field: String) -> String {
            field.contains(where: { ",;\"\n\r".contains($0) })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }
        let lines = entries.sorted { $0.day < $1.day }.map { entry in
            [entry.day.description, entry.kind.rawValue, entry.name.vi, entry.name.en, entry.basis].map(quoted)
                .joined(separator: ",")
        }
        return ([header.joined(separator: ",")] + lines).joined(separator: "\n") + "\n"
    }

}
