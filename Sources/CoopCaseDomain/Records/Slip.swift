import Foundation

/// A one-stop slip, modelled on the forms of Circular 01/2018/TT-VPCP: the receipt and appointment slip, the request
/// to supplement a dossier, and the apology with a new date. In Vietnamese, as the forms are; printed on A5.
public struct Slip: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
        case receipt
        /// Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
        case supplement
        /// Phiếu xin lỗi và hẹn lại ngày trả kết quả.
        case apology
    }

    /// A part of the slip: an optional heading, then its lines (numbered when the form numbers them).
    public struct Section: Sendable, Equatable {
        public var heading: String?
        public var lines: [String]
        public var numbered: Bool

        public init(heading: String? = nil, lines: [String], numbered: Bool = false) {
            self.heading = heading
            self.lines = lines
            self.numbered = numbered
        }
    }

    public var kind: Kind
    public var authority: String
    public var desk: String
    /// "Số: …" on the form.
    public var number: String
    /// The day it is issued, as the form writes it: "Ngày 07 tháng 12 năm 2026".
    public var dated: String
    public var title: String
    public var sections: [Section]
    /// Who signs, left to right, with the name under each (empty to be written by hand).
    public var signatures: [(role: String, name: String)]

    public init(
        kind: Kind, authority: String, desk: String, number: String, dated: String, title: String,
        sections: [Section], signatures: [(role: String, name: String)]
    ) {
        self.kind = kind
        self.authority = authority
        self.desk = desk
        self.number = number
        self.dated = dated
        self.title = title
        self.sections = sections
        self.signatures = signatures
    }

    public static func == (a: Slip, b: Slip) -> Bool { a.text == b.text }

    /// The slip as plain text, line by line: what a golden test compares and a screen reader would read.
    public var text: String {
        var lines = [
            authority.uppercased(), desk.uppercased(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc", number, dated, "", title.uppercased(), "",
        ]
        for section in sections {
            if let heading = section.heading { lines.append(heading) }
            for (index, line) in section.lines.enumerated() {
                lines.append(section.numbered ? "\(index + 1). \(line)" : line)
            }
        }
        lines.append("")
        lines += signatures.map { "\($0.role.uppercased()): \($0.name)" }
        return lines.joined(separator: "\n")
    }

    /// A day as the forms write it.
    public static func formDay(_ date: Date) -> String {
        let day = CivilDay(date)
        return String(format: "ngày %02d tháng %02d năm %04d", day.day, day.month, day.year)
    }

    /// A day and time as the forms write it: "08 giờ 30 phút, ngày 07 tháng 12 năm 2026".
    public static func formMoment(_ date: Date) -> String {
        let moment = DisplayDate.moment(date, .vi)
        let time = moment.split(separator: " ").last.map(String.init) ?? "00:00"
        let parts = time.split(separator: ":")
        return "\(parts.first ?? "00") giờ \(parts.last ?? "00") phút, \(formDay(date))"
    }
}
