import Foundation

/// Why a field was refused.
public enum ValidationReason: String, Sendable, Equatable, Codable {
    case required
    case notNegative
    case positive
    case tooLong
    case tooLarge
    case codeFormat
    case codeCheckDigit
    case programmeCodeFormat
    case unknownValue
    case aboveRequested
    case aboveRecommended
    case deniedRecommendation
    case aboveApproved
    case evidenceKind
    case windowOrder
    case notAllowedNow
    case passwordTooShort
    case makeUpDayOnWeekday
    case personalIDFormat
    case personalIDForHouseholdsOnly
    case notLate
    case notAfterToday
    case notAWorkingDay

    public var text: LocalizedText {
        switch self {
        case .required: LocalizedText(vi: "bắt buộc phải có", en: "is required")
        case .notNegative: LocalizedText(vi: "không được âm", en: "must not be negative")
        case .positive: LocalizedText(vi: "phải lớn hơn 0", en: "must be greater than zero")
        case .tooLong: LocalizedText(vi: "quá dài", en: "is too long")
        case .tooLarge: LocalizedText(vi: "vượt mức tối đa cho phép", en: "is above the largest value allowed")
        case .codeFormat:
            LocalizedText(
                vi: "phải gồm 10 chữ số, có thể kèm đuôi chi nhánh -NNN",
                en: "must be 10 digits, optionally followed by a -NNN branch suffix")
        case .codeCheckDigit: LocalizedText(vi: "sai chữ số kiểm tra", en: "has a wrong check digit")
        case .programmeCodeFormat:
            LocalizedText(
                vi: "chỉ gồm chữ in hoa không dấu, chữ số và dấu gạch ngang, từ 2 đến 40 ký tự",
                en: "must be 2 to 40 capital letters without marks, digits and hyphens")
        case .unknownValue: LocalizedText(vi: "không nằm trong danh mục", en: "is not in the catalogue")
        case .aboveRequested:
            LocalizedText(vi: "không được vượt số đề nghị", en: "must not exceed the requested amount")
        case .deniedRecommendation:
            LocalizedText(
                vi: "đề xuất là không hỗ trợ: hãy từ chối hoặc trả lại",
                en: "the recommendation is to deny: reject or return it")
        case .aboveRecommended:
            LocalizedText(vi: "không được vượt số đề xuất", en: "must not exceed the recommended amount")
        case .aboveApproved:
            LocalizedText(vi: "không được vượt số đã phê duyệt", en: "must not exceed the approved amount")
        case .evidenceKind:
            LocalizedText(
                vi: "không đúng loại chứng từ của chương trình", en: "does not match the programme's kind")
        case .windowOrder:
            LocalizedText(vi: "ngày mở phải trước ngày đóng", en: "must open before it closes")
        case .personalIDFormat:
            LocalizedText(
                vi: "số định danh cá nhân phải có 12 chữ số, bắt đầu bằng mã tỉnh 001–096",
                en: "a personal identification number has 12 digits, starting with a province code 001–096")
        case .personalIDForHouseholdsOnly:
            LocalizedText(
                vi: "số định danh cá nhân chỉ dùng làm mã số thuế của hộ kinh doanh",
                en: "a personal identification number is the tax code of a household business only")
        case .notLate:
            LocalizedText(
                vi: "chỉ hẹn lại khi hồ sơ đã quá hạn giải quyết", en: "a new date is set only once the case is late")
        case .notAfterToday: LocalizedText(vi: "phải là một ngày sau hôm nay", en: "must be a day after today")
        case .notAWorkingDay: LocalizedText(vi: "phải là một ngày làm việc", en: "must be a working day")
        case .makeUpDayOnWeekday:
            LocalizedText(
                vi: "ngày làm bù phải là thứ Bảy hoặc Chủ nhật",
                en: "a make-up working day must be a Saturday or Sunday")
        case .passwordTooShort:
            LocalizedText(vi: "phải có ít nhất 12 ký tự", en: "must be at least 12 characters")
        case .notAllowedNow:
            LocalizedText(vi: "không thể thay đổi ở trạng thái này", en: "cannot be changed in this state")
        }
    }
}

/// Every refusal the domain can give. Each has a stable code and says which rule refused.
public enum DomainError: Error, Sendable, Equatable {
    case invalidTransition(action: Action, state: ApplicationState)
    case forbidden(action: Action, role: Role)
    case notPermitted(permission: Administration, role: Role)
    case notFound(entity: Entity, key: String? = nil)
    case stale(expected: Int, actual: Int)
    case budgetExhausted(requested: Int64, available: Int64)
    case cooperativeCapExceeded(cap: Int64, used: Int64, requested: Int64)
    case notEligible(rule: String, detail: LocalizedText)
    case callWindowClosed
    case programmeNotOpen(status: ProgrammeStatus)
    case ceilingExceeded(ceiling: Int64, requested: Int64)
    case missingDocuments([String])
    case fourEyes(rule: String)
    /// Information was asked for once already, and no approver allowed another request.
    case supplementAskedOnce
    case validation(field: String, reason: ValidationReason)
    case conflict(entity: Entity, key: String)
    /// A deadline would fall in a year the working calendar holds no days off for.
    case calendarNotCovered(year: Int)

    /// The stable machine-readable code (also the `code` of API problems).
    public var code: String {
        switch self {
        case .invalidTransition: "invalidTransition"
        case .forbidden, .notPermitted: "forbidden"
        case .notFound: "notFound"
        case .stale: "stale"
        case .budgetExhausted: "budgetExhausted"
        case .cooperativeCapExceeded: "cooperativeCapExceeded"
        case .notEligible: "notEligible"
        case .callWindowClosed: "callWindowClosed"
        case .programmeNotOpen: "programmeNotOpen"
        case .ceilingExceeded: "ceilingExceeded"
        case .missingDocuments: "missingDocuments"
        case .fourEyes: "fourEyes"
        case .supplementAskedOnce: "supplementAskedOnce"
        case .validation: "validation"
        case .conflict: "conflict"
        case .calendarNotCovered: "calendarNotCovered"
        }
    }

    public func title(_ language: Language) -> String {
        let text: LocalizedText =
            switch self {
            case .invalidTransition: LocalizedText(vi: "Thao tác không hợp lệ", en: "Invalid transition")
            case .forbidden, .notPermitted: LocalizedText(vi: "Không có quyền", en: "Forbidden")
            case .notFound: LocalizedText(vi: "Không tìm thấy", en: "Not found")
            case .stale: LocalizedText(vi: "Dữ liệu đã thay đổi", en: "Stale version")
            case .budgetExhausted: LocalizedText(vi: "Hết ngân sách", en: "Budget exhausted")
            case .cooperativeCapExceeded:
                LocalizedText(vi: "Vượt mức tối đa cho một hợp tác xã", en: "Cooperative cap exceeded")
            case .notEligible: LocalizedText(vi: "Không đủ điều kiện", en: "Not eligible")
            case .callWindowClosed: LocalizedText(vi: "Ngoài thời gian nhận hồ sơ", en: "Call window closed")
            case .programmeNotOpen: LocalizedText(vi: "Chương trình chưa mở", en: "Programme not open")
            case .ceilingExceeded: LocalizedText(vi: "Vượt mức tối đa mỗi hồ sơ", en: "Ceiling exceeded")
            case .missingDocuments: LocalizedText(vi: "Thiếu giấy tờ", en: "Missing documents")
            case .fourEyes: LocalizedText(vi: "Vi phạm nguyên tắc bốn mắt", en: "Four-eyes rule")
            case .supplementAskedOnce:
                LocalizedText(vi: "Chỉ yêu cầu bổ sung một lần", en: "Information is requested once")
            case .validation: LocalizedText(vi: "Dữ liệu không hợp lệ", en: "Invalid input")
            case .conflict: LocalizedText(vi: "Đã tồn tại", en: "Already exists")
            case .calendarNotCovered:
                LocalizedText(vi: "Lịch làm việc chưa có năm này", en: "Working calendar not covered")
            }
        return text.text(language)
    }

    public func detail(_ language: Language) -> String {
        let en = language == .en
        switch self {
        case .invalidTransition(let action, let state):
            return en
                ? "'\(action.label.en.capitalizedFirst)' is not possible while the application is '\(state.label.en)'."
                : "Không thể thực hiện '\(action.label.vi)' khi hồ sơ đang ở trạng thái '\(state.label.vi)'."
        case .forbidden(let action, let role):
            return en
                ? "The role '\(role.label.en)' may not do this: \(action.label.en)."
                : "Vai trò '\(role.label.vi)' không được thực hiện: \(action.label.vi)."
        case .notPermitted(let permission, let role):
            return en
                ? "The role '\(role.label.en)' may not \(permission.label.en)."
                : "Vai trò '\(role.label.vi)' không được \(permission.label.vi)."
        case .notFound(let entity, let key):
            let name = entity.label.text(language)
            guard let key else {
                return en ? "No \(name) with that identifier is visible to you." : "Không tìm thấy \(name) này."
            }
            return en ? "No \(name) '\(key)' is visible to you." : "Không tìm thấy \(name) '\(key)'."
        case .stale(let expected, let actual):
            return en
                ? "The application changed (version \(actual), you had \(expected)). Reload and try again."
                : "Hồ sơ đã được cập nhật (phiên bản \(actual), bạn đang có \(expected)). Hãy tải lại."
        case .budgetExhausted(let requested, let available):
            return en
                ? "Requested \(groupDigits(requested)) but only \(groupDigits(available)) remains in the programme's budget."
                : "Đề nghị \(groupDigits(requested)) nhưng ngân sách chương trình chỉ còn \(groupDigits(available))."
        case .cooperativeCapExceeded(let cap, let used, let requested):
            return en
                ? "The cooperative already holds \(groupDigits(used)) of its cap \(groupDigits(cap)); \(groupDigits(requested)) more does not fit."
                : "Hợp tác xã đã dùng \(groupDigits(used)) trên mức tối đa \(groupDigits(cap)); không thể thêm \(groupDigits(requested))."
        case .notEligible(let rule, let detail):
            let name = EligibilityRule.label(of: rule).text(language)
            return (en ? "Not eligible (\(name)): " : "Không đạt điều kiện (\(name)): ") + detail.text(language)
        case .callWindowClosed:
            return en
                ? "The programme is not accepting applications at this time."
                : "Chương trình hiện không nhận hồ sơ."
        case .programmeNotOpen(let status):
            return en
                ? "The programme is \(status.label.en), not open."
                : "Chương trình đang ở trạng thái '\(status.label.vi)', chưa mở."
        case .ceilingExceeded(let ceiling, let requested):
            return en
                ? "Requested \(groupDigits(requested)) exceeds the per-application ceiling of \(groupDigits(ceiling))."
                : "Mức đề nghị \(groupDigits(requested)) vượt mức tối đa mỗi hồ sơ là \(groupDigits(ceiling))."
        case .missingDocuments(let documents):
            return (en ? "Required documents missing: " : "Còn thiếu giấy tờ: ")
                + documents.joined(separator: ", ")
        case .fourEyes(let rule):
            let which: LocalizedText =
                switch rule {
                case "approverIsRecommender":
                    LocalizedText(vi: "bạn đã đề xuất hồ sơ này", en: "you recommended this application")
                case "approverIsSubmitter":
                    LocalizedText(vi: "bạn đã nộp hồ sơ này", en: "you submitted this application")
                case "approverReceivedAtDesk", "recommenderReceivedAtDesk":
                    LocalizedText(
                        vi: "bạn đã tiếp nhận hồ sơ này tại bộ phận một cửa",
                        en: "you received this dossier at the desk")
                default: LocalizedText(vi: "bạn đã nộp hồ sơ này", en: "you submitted this application")
                }
            return en
                ? "Four-eyes principle: \(which.en); the same person may not also decide it."
                : "Nguyên tắc bốn mắt: \(which.vi); một người không được vừa đề xuất/nộp vừa quyết định."
        case .supplementAskedOnce:
            return en
                ? "Information was already requested once; asking again needs an approver's leave, with a reason."
                : "Đã yêu cầu bổ sung một lần; muốn yêu cầu thêm cần lãnh đạo cho phép, có nêu lý do."
        case .validation(let field, let reason):
            return FieldLabel.text(field, language) + ": " + reason.text.text(language)
        case .conflict(let entity, let key):
            return en
                ? "A \(entity.label.en) '\(key)' already exists."
                : "\(entity.label.vi.capitalizedFirst) '\(key)' đã tồn tại."
        case .calendarNotCovered(let year):
            return en
                ? "The working calendar holds no public holidays for \(year); a deadline there cannot be counted."
                : "Lịch làm việc chưa có ngày nghỉ lễ của năm \(year); không thể tính thời hạn rơi vào năm đó."
        }
    }
}

extension String {
    /// With its first letter in capitals: "Start review".
    public var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
