/// The name a person reads for an input field, from the path a refusal names (`items[2].quantity`,
/// `evidence.amount`, `--date`): each part translated, list positions counted from one.
public enum FieldLabel {
    public static func text(_ path: String, _ language: Language) -> String {
        let parts = path.drop(while: { $0 == "-" }).split(separator: ".").map { part -> String in
            guard let open = part.firstIndex(of: "["), let close = part.firstIndex(of: "]"),
                let index = Int(part[part.index(after: open)..<close])
            else { return name(String(part), language) }
            let position = index < Int.max ? index + 1 : index
            let list = name(String(part[..<open]), language)
            return language == .en ? "\(list) no. \(position)" : "\(list) thứ \(position)"
        }
        return parts.joined(separator: " › ")
    }

    static func name(_ part: String, _ language: Language) -> String {
        names[part]?.text(language) ?? part
    }

    static let names: [String: LocalizedText] = [
        "amount": LocalizedText(vi: "Số tiền", en: "Amount"),
        "newAmount": LocalizedText(vi: "Số tiền mới", en: "New amount"),
        "annualRevenue": LocalizedText(vi: "Doanh thu năm", en: "Annual revenue"),
        "application": LocalizedText(vi: "Hồ sơ", en: "Application"),
        "address": LocalizedText(vi: "Địa chỉ", en: "Address"),
        "province": LocalizedText(vi: "Tỉnh, thành phố", en: "Province"),
        "attendees": LocalizedText(vi: "Số học viên", en: "Attendees"),
        "audit": LocalizedText(vi: "Kiểm toán", en: "Audit"),
        "checkpointMinutes": LocalizedText(vi: "Chu kỳ ký mốc (phút)", en: "Checkpoint interval (minutes)"),
        "budget": LocalizedText(vi: "Ngân sách", en: "Budget"),
        "capPerCooperative": LocalizedText(vi: "Mức tối đa mỗi hợp tác xã", en: "Cap per cooperative"),
        "ceilingPerApplication": LocalizedText(vi: "Mức tối đa mỗi hồ sơ", en: "Ceiling per application"),
        "closesAt": LocalizedText(vi: "Ngày đóng nhận hồ sơ", en: "Closing date"),
        "opensAt": LocalizedText(vi: "Ngày mở nhận hồ sơ", en: "Opening date"),
        "code": LocalizedText(vi: "Mã số", en: "Code"),
        "cooperative": LocalizedText(vi: "Hợp tác xã", en: "Cooperative"),
        "cooperativeId": LocalizedText(vi: "Hợp tác xã", en: "Cooperative"),
        "cursor": LocalizedText(vi: "Vị trí trang", en: "Page cursor"),
        "date": LocalizedText(vi: "Ngày", en: "Date"),
        "documents": LocalizedText(vi: "Giấy tờ", en: "Documents"),
        "evidence": LocalizedText(vi: "Chứng từ thực hiện", en: "Fulfilment evidence"),
        "founded": LocalizedText(vi: "Ngày thành lập", en: "Founding date"),
        "from": LocalizedText(vi: "Từ ngày", en: "From"),
        "to": LocalizedText(vi: "Đến ngày", en: "To"),
        "handover": LocalizedText(vi: "Thiết bị bàn giao", en: "Handed-over item"),
        "items": LocalizedText(vi: "Hạng mục", en: "Item"),
        "kind": LocalizedText(vi: "Loại hình", en: "Kind"),
        "legalBasis": LocalizedText(vi: "Căn cứ pháp lý", en: "Legal basis"),
        "lender": LocalizedText(vi: "Ngân hàng cho vay", en: "Lender"),
        "liveURL": LocalizedText(vi: "Địa chỉ trang web", en: "Website address"),
        "members": LocalizedText(vi: "Số thành viên", en: "Members"),
        "message": LocalizedText(vi: "Nội dung yêu cầu", en: "Message"),
        "name": LocalizedText(vi: "Tên", en: "Name"),
        "vi": LocalizedText(vi: "tiếng Việt", en: "Vietnamese"),
        "en": LocalizedText(vi: "tiếng Anh", en: "English"),
        "password": LocalizedText(vi: "Mật khẩu", en: "Password"),
        "phone": LocalizedText(vi: "Số điện thoại", en: "Phone"),
        "email": LocalizedText(vi: "Thư điện tử", en: "Email"),
        "purpose": LocalizedText(vi: "Mục đích", en: "Purpose"),
        "quantity": LocalizedText(vi: "Số lượng", en: "Quantity"),
        "reason": LocalizedText(vi: "Lý do", en: "Reason"),
        "reasonCode": LocalizedText(vi: "Mã lý do", en: "Reason code"),
        "recommendation": LocalizedText(vi: "Đề xuất", en: "Recommendation"),
        "reference": LocalizedText(vi: "Số tham chiếu", en: "Reference"),
        "request": LocalizedText(vi: "Nội dung đề nghị", en: "Request"),
        "reviewDeadlineWorkingDays": LocalizedText(
            vi: "Thời hạn thẩm định (ngày làm việc)", en: "Review deadline (working days)"),
        "role": LocalizedText(vi: "Vai trò", en: "Role"),
        "serialNumber": LocalizedText(vi: "Số sê-ri", en: "Serial number"),
        "sessionsAttended": LocalizedText(vi: "Số buổi tham dự", en: "Sessions attended"),
        "signingKey": LocalizedText(vi: "Khoá ký", en: "Signing key"),
        "state": LocalizedText(vi: "Trạng thái", en: "State"),
        "status": LocalizedText(vi: "Trạng thái", en: "Status"),
        "terms": LocalizedText(vi: "Điều kiện riêng", en: "Terms"),
        "unitPrice": LocalizedText(vi: "Đơn giá", en: "Unit price"),
        "username": LocalizedText(vi: "Tên đăng nhập", en: "Username"),
        "workers": LocalizedText(vi: "Số lao động", en: "Workers"),
        "sector": LocalizedText(vi: "Ngành nghề", en: "Sector"),
        "street": LocalizedText(vi: "Địa chỉ (số nhà, đường)", en: "Street"),
        "url": LocalizedText(vi: "Địa chỉ trang web", en: "Website address"),
        "trademark": LocalizedText(vi: "Số đăng ký nhãn hiệu", en: "Trademark number"),
        "disbursement": LocalizedText(vi: "Số chứng từ giải ngân", en: "Disbursement reference"),
        "item": LocalizedText(vi: "Hạng mục", en: "Item"),
        "document": LocalizedText(vi: "Giấy tờ", en: "Document"),
        "limit": LocalizedText(vi: "Số dòng mỗi trang", en: "Page size"),
        "ward": LocalizedText(vi: "Phường, xã", en: "Ward or commune"),
        "district": LocalizedText(vi: "Quận, huyện", en: "District"),
        "contact": LocalizedText(vi: "Liên hệ", en: "Contact"),
        "person": LocalizedText(vi: "Người liên hệ", en: "Contact person"),
        "readiness": LocalizedText(vi: "Công cụ số", en: "Digital tools"),
        "computer": LocalizedText(vi: "máy tính", en: "computer"),
        "internet": LocalizedText(vi: "internet", en: "internet"),
        "website": LocalizedText(vi: "trang web", en: "website"),
        "accountingSoftware": LocalizedText(vi: "phần mềm kế toán", en: "accounting software"),
        "salesSoftware": LocalizedText(vi: "phần mềm bán hàng", en: "sales software"),
        "day": LocalizedText(vi: "Ngày", en: "Day"),
        "year": LocalizedText(vi: "Năm", en: "Year"),
        "nameVi": LocalizedText(vi: "Tên tiếng Việt", en: "Vietnamese name"),
        "nameEn": LocalizedText(vi: "Tên tiếng Anh", en: "English name"),
        "name_vi": LocalizedText(vi: "Tên tiếng Việt", en: "Vietnamese name"),
        "name_en": LocalizedText(vi: "Tên tiếng Anh", en: "English name"),
        "basis": LocalizedText(vi: "Căn cứ", en: "Basis"),
        "header": LocalizedText(vi: "Dòng tiêu đề", en: "Header"),
        "line": LocalizedText(vi: "Dòng", en: "Line"),
    ]
}
