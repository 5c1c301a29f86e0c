// Just over 300 lines: one reader, with the words officers' spreadsheets use for each column and value.
import Foundation

/// Reads the cooperative registry officers keep in spreadsheets: UTF-8 with or without BOM, comma or
/// semicolon separated, quoted fields, one cooperative per row. Every row is validated on its own.
public enum RegistryCSV {
    /// One thing wrong in a row, by its line number in the file and the column at fault.
    public struct RowError: Error, Sendable, Equatable, Codable {
        public var line: Int
        /// The column, as the header this module writes names it.
        public var field: String
        public var reason: LocalizedText

        public init(line: Int, field: String, reason: LocalizedText) {
            self.line = line
            self.field = field
            self.reason = reason
        }

        /// `FILE:LINE: column: reason`, as a person reads it.
        public func text(file: String, _ language: Language) -> String {
            "\(file):\(line): \(field): \(reason.text(language))"
        }
    }

    /// Everything wrong in one row: every field is checked, so one run shows them all.
    public struct RowErrors: Error, Sendable, Equatable {
        public var errors: [RowError]
    }

    public struct Row: Sendable {
        public var line: Int
        public var result: Result<Cooperative, RowErrors>
        /// The file's header for each field, as written (see `parse`).
        public var columns: [String: String] = [:]

        /// The file's name for a field's column.
        public func column(_ field: String) -> String { columns[field] ?? field }
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
        "mã phường": "ward_code", "mã xã": "ward_code", "tên phường": "ward_name", "tên xã": "ward_name",
        "mã quận": "district_code", "mã huyện": "district_code", "tên quận": "district_name",
        "tên huyện": "district_name", "mã tỉnh": "province_code", "tên tỉnh": "province_name",
        "thư điện tử": "email", "phần mềm kế toán": "accounting_software", "phần mềm bán hàng": "sales_software",
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

    public enum FileError: Error, Sendable, Equatable {
        case notUTF8
        case empty
        case missingColumns([String])
        case unknownColumns([String])

        public func text(_ language: Language) -> String {
            let en = language == .en
            switch self {
            case .notUTF8:
                return en
                    ? "the file is not UTF-8 text; save it as \"CSV UTF-8\""
                    : "tệp không phải văn bản UTF-8; hãy lưu dưới dạng \"CSV UTF-8\""
            case .empty: return en ? "the file has no header line" : "tệp không có dòng tiêu đề"
            case .missingColumns(let names):
                return (en ? "missing columns: " : "thiếu cột: ") + names.joined(separator: ", ")
            case .unknownColumns(let names):
                return (en ? "unknown columns: " : "cột không nhận ra: ") + names.joined(separator: ", ")
                    + (en ? " (expected: \(header))" : " (các cột được nhận: \(header))")
            }
        }
    }

    /// Parses the whole file; a problem with the file itself throws, a problem with a row is that row's error.
    public static func parse(_ data: Data) throws(FileError) -> [Row] {
        guard var text = String(data: data, encoding: .utf8) else { throw .notUTF8 }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = CSVRecords.records(text)
        guard let (headerLine, headerFields) = records.first, !headerFields.allSatisfy({ $0.isEmpty }) else {
            throw .empty
        }
        _ = headerLine
        let names = headerFields.map { $0.trimmed(keepingNewlines: true).lowercased() }
        let unknown = names.filter { aliases[$0] == nil }
        if !unknown.isEmpty { throw .unknownColumns(unknown) }
        let fields = names.map { aliases[$0]! }
        // Problems name a column as the file's header writes it, in whichever language the officer wrote it.
        let columns = Dictionary(zip(fields, headerFields.map { $0.trimmed(keepingNewlines: true) })) { first, _ in
            first
        }
        let missing = required.filter { !fields.contains($0) }
        if !missing.isEmpty { throw .missingColumns(missing) }
        return records.dropFirst().compactMap { line, values in
            if values.allSatisfy({ $0.trimmed(keepingNewlines: true).isEmpty }) { return nil }
            var row: [String: String] = [:]
            for (index, field) in fields.enumerated() where index < values.count {
                row[field] = values[index].trimmed(keepingNewlines: true)
            }
            return Row(line: line, result: cooperative(from: row, line: line, columns: columns), columns: columns)
        }
    }

    static func cooperative(
        from row: [String: String], line: Int, columns: [String: String] = [:]
    ) -> Result<Cooperative, RowErrors> {
        var errors: [RowError] = []
        func fail(_ field: String, _ reason: LocalizedText) {
            errors.append(RowError(line: line, field: columns[field] ?? field, reason: reason))
        }
        func value(_ field: String) -> String { row[field] ?? "" }
        /// The field's value when present, else records that it is required.
        func present(_ field: String) -> String? {
            guard !value(field).isEmpty else {
                if required.contains(field) { fail(field, ValidationReason.required.text) }
                return nil
            }
            return value(field)
        }
        // The fields read below say themselves when they are missing.
        let readBelow: Set = ["code", "kind", "members", "workers", "annual_revenue", "founded"]
        for field in required where value(field).isEmpty && !readBelow.contains(field) {
            fail(field, ValidationReason.required.text)
        }
        var code: CooperativeCode?
        if let text = present("code") {
            do {
                code = try CooperativeCode(text)
            } catch {
                if case .validation(_, let reason) = error { fail("code", reason.text) }
            }
        }
        var kind: CooperativeKind?
        if let text = present("kind") {
            kind = Self.kind(text)
            if kind == nil {
                let names = CooperativeKind.allCases.map { $0.label }
                fail(
                    "kind",
                    LocalizedText(
                        vi: "phải là một trong: " + names.map(\.vi).joined(separator: ", "),
                        en: "must be one of: " + names.map(\.en).joined(separator: ", ")))
            }
        }
        func count(_ field: String) -> Int? {
            guard let text = present(field) else { return nil }
            guard let number = Int(text), (0...Cooperative.maximumHeadcount).contains(number) else {
                fail(
                    field,
                    LocalizedText(
                        vi: "phải là số nguyên từ 0 đến \(groupDigits(Int64(Cooperative.maximumHeadcount)))",
                        en: "must be a whole number from 0 to \(groupDigits(Int64(Cooperative.maximumHeadcount)))"))
                return nil
            }
            return number
        }
        let members = count("members")
        let workers = count("workers")
        var revenue: Int64?
        if let text = present("annual_revenue") {
            let digits = text.replacingOccurrences(of: ".", with: "").replacingOccurrences(of: " ", with: "")
            revenue = Int64(digits).flatMap { (0...Cooperative.maximumRevenue).contains($0) ? $0 : nil }
            if revenue == nil {
                fail(
                    "annual_revenue",
                    LocalizedText(
                        vi:
                            "phải là số đồng, từ 0 đến \(groupDigits(Cooperative.maximumRevenue)) (ví dụ 468000000 hoặc 468.000.000)",
                        en:
                            "must be whole VND from 0 to \(groupDigits(Cooperative.maximumRevenue)) (e.g. 468000000 or 468.000.000)"
                    ))
            }
        }
        var founded: Date?
        if let text = present("founded") {
            founded = date(text)
            if founded == nil {
                fail(
                    "founded",
                    LocalizedText(
                        vi: "phải là một ngày có thật, dạng YYYY-MM-DD hoặc DD/MM/YYYY",
                        en: "must be a real date, YYYY-MM-DD or DD/MM/YYYY"))
            }
        }
        var readiness = DigitalReadiness()
        for (field, keyPath) in [
            ("computer", \DigitalReadiness.computer), ("internet", \.internet), ("website", \.website),
            ("accounting_software", \.accountingSoftware), ("sales_software", \.salesSoftware),
        ] {
            guard let flag = flag(value(field)) else {
                fail(field, LocalizedText(vi: "phải là có/không (yes/no, 1/0)", en: "must be yes/no (có/không, 1/0)"))
                continue
            }
            readiness[keyPath: keyPath] = flag
        }
        guard errors.isEmpty, let code, let kind, let members, let workers, let revenue, let founded else {
            return .failure(RowErrors(errors: errors))
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
            if case .validation(let field, let reason) = error {
                fail(Self.column(forField: field), reason.text)
            } else {
                fail("code", LocalizedText(vi: error.detail(.vi), en: error.detail(.en)))
            }
            return .failure(RowErrors(errors: errors))
        }
        return .success(cooperative)
    }

    /// The column that fills a field the registry's own check names.
    static func column(forField field: String) -> String {
        switch field {
        case "annualRevenue": "annual_revenue"
        case "address.province": "province_code"
        default: field
        }
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
