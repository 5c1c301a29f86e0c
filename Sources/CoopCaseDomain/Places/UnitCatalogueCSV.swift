import Foundation

/// Administrative units as a CSV file: one line per unit, with the units that succeeded it.
///
/// ```
/// code,level,name,valid_to,successors,effective,basis
/// 31,province,Thành phố Hải Phòng,,,,
/// 30,province,Tỉnh Hải Dương,2025-06-30,31,2025-07-01,Nghị quyết 202/2025/QH15
/// ```
/// `successors` are codes separated by spaces (a split has several); each must be a unit of the file or of the
/// catalogue already held.
public enum UnitCatalogueCSV {
    public static let header = ["code", "level", "name", "valid_to", "successors", "effective", "basis"]

    public static func parse(_ text: String) -> Result<UnitCatalogue, RegistryCSV.RowErrors> {
        var (rows, errors) = CSVRecords.table(text, header: header)
        var units: [UnitCatalogue.Unit] = []
        var successions: [UnitCatalogue.Succession] = []
        for (line, value) in rows {
            func fail(_ field: String, _ reason: LocalizedText) {
                errors.append(.init(line: line, field: field, reason: reason))
            }
            let code = value[0]
            if code.isEmpty || code.count > 10 || !code.utf8.allSatisfy({ (48...57).contains($0) }) {
                fail("code", LocalizedText(vi: "phải là mã số (1 đến 10 chữ số)", en: "must be a numeric code"))
            }
            let level = UnitCatalogue.Level(rawValue: value[1])
            if level == nil {
                fail(
                    "level",
                    LocalizedText(
                        vi: "phải là province, district hoặc commune", en: "must be province, district or commune"))
            }
            if value[2].isEmpty || value[2].count > 200 { fail("name", ValidationReason.required.text) }
            let validTo = value[3].isEmpty ? nil : CalendarCSV.day(value[3])
            if !value[3].isEmpty && validTo == nil {
                fail("valid_to", LocalizedText(vi: "phải là ngày dạng YYYY-MM-DD", en: "must be a date, YYYY-MM-DD"))
            }
            let successors = value[4].split(separator: " ").map(String.init)
            let effective = CalendarCSV.day(value[5])
            if !successors.isEmpty {
                if effective == nil {
                    fail("effective", LocalizedText(vi: "cần ngày có hiệu lực", en: "needs the day it took effect"))
                }
                if value[6].isEmpty || value[6].count > 300 { fail("basis", ValidationReason.required.text) }
                if successors.contains(code) {
                    fail("successors", LocalizedText(vi: "không thể kế thừa chính nó", en: "cannot succeed itself"))
                }
            }
            guard let level else { continue }
            units.append(.init(code: code, level: level, name: value[2], validTo: validTo))
            if let effective {
                successions += successors.map { .init(from: code, to: $0, effective: effective, basis: value[6]) }
            }
        }
        return errors.isEmpty
            ? .success(UnitCatalogue(units: units, successions: successions)) : .failure(.init(errors: errors))
    }
}
