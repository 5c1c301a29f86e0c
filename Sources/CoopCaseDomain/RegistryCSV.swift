import Foundation

/// Reads the cooperative registry officers keep in spreadsheets: UTF-8 with or without BOM, comma or
/// semicolon separated, quoted fields, one cooperative per row. Every row is validated on its own.
public enum RegistryCSV {
    /// A row that could not be read, by its line number in the file.
    public struct RowError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
        public var line: Int
        public var field: String
        public var reason: String

        public init(line: Int, field: String, reason: String) {
            self.line = line
            self.field = field
            self.reason = reason
        }

        public var description: String { "line \(line): \(field): \(reason)" }
    }

    public struct Row: Sendable {
        public var line: Int
        public var result: Result<Cooperative, RowError>
    }

    /// Column names, English or Vietnamese, and the field each one fills.
    static let aliases: [String: String] = [
        "code": "code", "ma_so_thue": "code", "mã số thuế": "code", "ma so thue": "code",
        "name": "name", "ten": "name", "tên": "name",
        "kind": "kind", "loai_hinh": "kind", "loại hình": "kind",
        "sector": "sector", "nganh": "sector", "ngành nghề": "sector",
        "street": "street", "dia_chi": "street", "địa chỉ": "street",
        "ward_code": "ward_code", "ward_name": "ward_name", "district_code": "district_code",
        "district_name": "district_name", "province_code": "province_code", "province_name": "province_name",
        "members": "members", "thanh_vien": "members", "thành viên": "members",
        "workers": "workers", "lao_dong": "workers", "lao động": "workers",
        "annual_revenue": "annual_revenue", "doanh_thu": "annual_revenue", "doanh thu": "annual_revenue",
        "founded": "founded", "ngay_thanh_lap": "founded", "ngày thành lập": "founded",
        "contact_person": "contact_person", "nguoi_lien_he": "contact_person", "người liên hệ": "contact_person",
        "phone": "phone", "dien_thoai": "phone", "điện thoại": "phone", "email": "email",
        "computer": "computer", "may_tinh": "computer", "máy tính": "computer",
        "internet": "internet", "website": "website", "trang_web": "website", "trang web": "website",
        "accounting_software": "accounting_software", "phan_mem_ke_toan": "accounting_software",
        "sales_software": "sales_software", "phan_mem_ban_hang": "sales_software",
    ]

    static let required = [
        "code", "name", "kind", "sector", "street", "ward_code", "ward_name", "province_code", "province_name",
        "members", "workers", "annual_revenue", "founded", "contact_person",
    ]

    /// The header this module writes and documents.
    public static let header = [
        "code", "name", "kind", "sector", "street", "ward_code", "ward_name", "district_code", "district_name",
        "province_code", "province_name", "members", "workers", "annual_revenue", "founded", "contact_person",
        "phone", "email", "computer", "internet", "website", "accounting_software", "sales_software",
    ].joined(separator: ",")

    public enum FileError: Error, Sendable, Equatable, CustomStringConvertible {
        case notUTF8
        case empty
        case missingColumns([String])
        case unknownColumns([String])

        public var description: String {
            switch self {
            case .notUTF8: "the file is not UTF-8 text; save it as \"CSV UTF-8\""
            case .empty: "the file has no header line"
            case .missingColumns(let names): "missing columns: \(names.joined(separator: ", "))"
            case .unknownColumns(let names): "unknown columns: \(names.joined(separator: ", ")) (expected: \(header))"
            }
        }
    }

    /// Parses the whole file; a problem with the file itself throws, a problem with a row is that row's error.
    public static func parse(_ data: Data) throws(FileError) -> [Row] {
        guard var text = String(data: data, encoding: .utf8) else { throw .notUTF8 }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = split(text)
        guard let (headerLine, headerFields) = records.first, !headerFields.allSatisfy({ $0.isEmpty }) else {
            throw .empty
        }
        _ = headerLine
        let names = headerFields.map { $0.trimmed(keepingNewlines: true).lowercased() }
        let unknown = names.filter { aliases[$0] == nil }
        if !unknown.isEmpty { throw .unknownColumns(unknown) }
        let fields = names.map { aliases[$0]! }
        let missing = required.filter { !fields.contains($0) }
        if !missing.isEmpty { throw .missingColumns(missing) }
        return records.dropFirst().compactMap { line, values in
            if values.allSatisfy({ $0.trimmed(keepingNewlines: true).isEmpty }) { return nil }
            var row: [String: String] = [:]
            for (index, field) in fields.enumerated() where index < values.count {
                row[field] = values[index].trimmed(keepingNewlines: true)
            }
            return Row(line: line, result: cooperative(from: row, line: line))
        }
    }

    /// Splits into records of fields, keeping each record's starting line number. Detects `;` or `,`.
    static func split(_ text: String) -> [(Int, [String])] {
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

    static func cooperative(from row: [String: String], line: Int) -> Result<Cooperative, RowError> {
        func fail(_ field: String, _ reason: String) -> Result<Cooperative, RowError> {
            .failure(RowError(line: line, field: field, reason: reason))
        }
        func value(_ field: String) -> String { row[field] ?? "" }
        for field in required where value(field).isEmpty { return fail(field, "is required") }
        let code: CooperativeCode
        do {
            code = try CooperativeCode(value("code"))
        } catch {
            return fail("code", error.detail(.en))
        }
        guard let kind = kind(value("kind")) else {
            return fail("kind", "must be one of \(CooperativeKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let members = Int(value("members")), members >= 0 else {
            return fail("members", "must be a whole number ≥ 0")
        }
        guard let workers = Int(value("workers")), workers >= 0 else {
            return fail("workers", "must be a whole number ≥ 0")
        }
        let revenueText = value("annual_revenue").replacingOccurrences(of: ".", with: "").replacingOccurrences(
            of: " ", with: "")
        guard let revenue = Int64(revenueText), revenue >= 0 else {
            return fail("annual_revenue", "must be a whole number of VND ≥ 0 (e.g. 468000000 or 468.000.000)")
        }
        guard let founded = date(value("founded")) else {
            return fail("founded", "must be a date, YYYY-MM-DD or DD/MM/YYYY")
        }
        var readiness = DigitalReadiness()
        for (field, keyPath) in [
            ("computer", \DigitalReadiness.computer), ("internet", \.internet), ("website", \.website),
            ("accounting_software", \.accountingSoftware), ("sales_software", \.salesSoftware),
        ] {
            guard let flag = flag(value(field)) else { return fail(field, "must be yes/no (có/không, 1/0)") }
            readiness[keyPath: keyPath] = flag
        }
        let district: AdministrativeUnit? =
            value("district_code").isEmpty
            ? nil : AdministrativeUnit(code: value("district_code"), name: value("district_name"))
        let cooperative = Cooperative(
            code: code, name: value("name"), kind: kind, sector: value("sector"),
            address: Address(
                street: value("street"), ward: AdministrativeUnit(code: value("ward_code"), name: value("ward_name")),
                district: district,
                province: AdministrativeUnit(code: value("province_code"), name: value("province_name"))),
            members: members, workers: workers, annualRevenue: revenue, founded: founded,
            contact: Contact(
                person: value("contact_person"), phone: row["phone"].flatMap { $0.isEmpty ? nil : $0 },
                email: row["email"].flatMap { $0.isEmpty ? nil : $0 }),
            readiness: readiness)
        do {
            try cooperative.validate()
        } catch {
            if case .validation(let field, let reason) = error { return fail(field, reason.text.en) }
            return fail("row", error.detail(.en))
        }
        return .success(cooperative)
    }

    static func kind(_ text: String) -> CooperativeKind? {
        let folded = text.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            .replacingOccurrences(of: "đ", with: "d")
        if let kind = CooperativeKind(rawValue: text) { return kind }
        switch folded {
        case "hop tac xa", "htx": return .cooperative
        case "lien hiep hop tac xa", "lien hiep htx": return .cooperativeUnion
        case "to hop tac", "tht": return .cooperativeGroup
        case "doanh nghiep tu nhan", "dntn": return .privateEnterprise
        case "ho kinh doanh", "hkd": return .householdBusiness
        default: return nil
        }
    }

    static func flag(_ text: String) -> Bool? {
        let folded = text.lowercased().folding(options: .diacriticInsensitive, locale: nil)
        switch folded {
        case "", "no", "false", "0", "khong", "n": return false
        case "yes", "true", "1", "co", "y", "x": return true
        default: return nil
        }
    }

    /// Reads YYYY-MM-DD or DD/MM/YYYY; nil for anything else or an impossible date.
    public static func date(_ text: String) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts: [Int]
        if text.includes("/") {
            let pieces = text.split(separator: "/").compactMap { Int($0) }
            guard pieces.count == 3 else { return nil }
            parts = [pieces[2], pieces[1], pieces[0]]
        } else {
            let pieces = text.split(separator: "-").compactMap { Int($0) }
            guard pieces.count == 3 else { return nil }
            parts = pieces
        }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard (1900...2100).contains(parts[0]), let date = calendar.date(from: components),
            calendar.dateComponents([.year, .month, .day], from: date)
                == DateComponents(year: parts[0], month: parts[1], day: parts[2])
        else { return nil }
        return date
    }
}
