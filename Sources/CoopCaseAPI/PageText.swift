import CoopCaseDomain

/// The words of the cooperative pages, in plain Vietnamese and in English.
struct PageText: Sendable {
    let lang: String
    let otherLang: String
    let otherLanguage: String
    let home: String
    let site: String
    let skip: String
    let footer: String
    let lookupTitle: String
    let lookupHeading: String
    let lookupIntro: String
    let referenceLabel: String
    let referenceHint: String
    let codeLabel: String
    let codeHint: String
    let lookupButton: String
    let helpHeading: String
    let helpBody: String
    let notFoundHeading: String
    let notFoundBody: String
    let missingHeading: String
    let missingBody: String
    let tooLargeBody: String
    let tooManyHeading: String
    let tooManyBody: String
    let unavailableHeading: String
    let unavailableBody: String
    let notSubmittedBody: String
    let statusHeading: String
    let programmeLabel: String
    let stateLabel: String
    let nextHeading: String
    let deadlineLabel: String
    let lateNote: String
    let informationRequestedLabel: String
    let rejectionReasonLabel: String
    let contactHeading: String
    let historyHeading: String
    let receiptButton: String
    let anotherLookup: String
    let receiptHeading: String
    let submittedLabel: String
    let requestedLabel: String
    let receiptKeep: String
    let receiptLookup: String
    let printHint: String
    let approvedLabel: String
    let addressLabel: String
    let phoneLabel: String
    let codeReadAloud: String

    static func `for`(_ language: Language) -> PageText { language == .en ? en : vi }

    static let vi = PageText(
        lang: "vi", otherLang: "en", otherLanguage: "English", home: "/tra-cuu",
        site: "Hỗ trợ hợp tác xã",
        skip: "Bỏ qua, đến nội dung chính",
        footer: "Trang này không dùng cookie và không lưu mã tra cứu của bạn.",
        lookupTitle: "Tra cứu hồ sơ",
        lookupHeading: "Tra cứu tình trạng hồ sơ",
        lookupIntro: "Nhập mã hồ sơ và mã tra cứu ghi trên biên nhận. Không cần tài khoản.",
        referenceLabel: "Mã hồ sơ",
        referenceHint: "Ví dụ: VAY-2026-000123-3",
        codeLabel: "Mã tra cứu",
        codeHint: "Gồm chữ và số, ghi trên biên nhận. Không phân biệt chữ hoa, chữ thường.",
        lookupButton: "Xem tình trạng",
        helpHeading: "Cần giúp đỡ?",
        helpBody:
            "Nếu mất biên nhận, hãy đến bộ phận tiếp nhận hồ sơ dưới đây, mang theo giấy tờ của hợp tác xã.",
        notFoundHeading: "Không tìm thấy hồ sơ",
        notFoundBody: "Mã hồ sơ hoặc mã tra cứu không đúng. Vui lòng kiểm tra lại từng chữ, từng số trên biên nhận.",
        missingHeading: "Thiếu thông tin",
        missingBody: "Vui lòng nhập cả mã hồ sơ và mã tra cứu.",
        tooLargeBody: "Nội dung gửi lên quá dài. Vui lòng chỉ nhập mã hồ sơ và mã tra cứu ghi trên biên nhận.",
        tooManyHeading: "Tra cứu quá nhiều lần",
        tooManyBody: "Vui lòng đợi khoảng %d giây rồi thử lại.",
        unavailableHeading: "Hệ thống đang bận",
        unavailableBody: "Chưa tra cứu được lúc này. Vui lòng thử lại sau ít phút.",
        notSubmittedBody: "Hồ sơ chưa nộp nên chưa có biên nhận.",
        statusHeading: "Tình trạng hồ sơ",
        programmeLabel: "Chương trình",
        stateLabel: "Tình trạng hiện nay",
        nextHeading: "Bước tiếp theo",
        deadlineLabel: "Hạn trả lời",
        lateNote: "(đã quá hạn)",
        informationRequestedLabel: "Nội dung cần bổ sung",
        rejectionReasonLabel: "Lý do không phê duyệt",
        contactHeading: "Nơi liên hệ",
        historyHeading: "Các bước đã qua",
        receiptButton: "Xem và in biên nhận",
        anotherLookup: "Tra cứu hồ sơ khác",
        receiptHeading: "Biên nhận hồ sơ",
        submittedLabel: "Ngày nộp",
        requestedLabel: "Đề nghị hỗ trợ",
        receiptKeep:
            "Hãy giữ biên nhận này và giữ kín mã tra cứu: ai có mã đều xem được tình trạng hồ sơ. "
            + "Cán bộ không bao giờ hỏi mã này qua điện thoại.",
        receiptLookup: "Tra cứu tình trạng hồ sơ tại:",
        printHint: "Để in: bấm Ctrl + P (trên điện thoại: chọn Chia sẻ rồi In).",
        approvedLabel: "Được phê duyệt",
        addressLabel: "Địa chỉ",
        phoneLabel: "Điện thoại",
        codeReadAloud: "Mã gồm hai nhóm, mỗi nhóm bốn ký tự; không có chữ O, I, L và số 0, 1.")

    static let en = PageText(
        lang: "en", otherLang: "vi", otherLanguage: "Tiếng Việt", home: "/tra-cuu?lang=en",
        site: "Cooperative support",
        skip: "Skip to the main content",
        footer: "This page uses no cookies and does not keep your access code.",
        lookupTitle: "Look up an application",
        lookupHeading: "Check your application",
        lookupIntro: "Enter the reference and the access code printed on your receipt. No account is needed.",
        referenceLabel: "Reference",
        referenceHint: "For example: VAY-2026-000123-3",
        codeLabel: "Access code",
        codeHint: "Letters and digits, printed on the receipt. Upper or lower case both work.",
        lookupButton: "Show status",
        helpHeading: "Need help?",
        helpBody:
            "If you lost the receipt, come to the reception desk below with the cooperative's papers.",
        notFoundHeading: "Application not found",
        notFoundBody: "The reference or the access code is wrong. Please check each letter and digit on the receipt.",
        missingHeading: "Something is missing",
        missingBody: "Please enter both the reference and the access code.",
        tooLargeBody:
            "What was sent is too long. Please enter only the reference and the access code from the receipt.",
        tooManyHeading: "Too many lookups",
        tooManyBody: "Please wait about %d seconds and try again.",
        unavailableHeading: "The system is busy",
        unavailableBody: "The lookup cannot be done right now. Please try again in a few minutes.",
        notSubmittedBody: "The application has not been submitted, so there is no receipt yet.",
        statusHeading: "Application status",
        programmeLabel: "Programme",
        stateLabel: "Current status",
        nextHeading: "What happens next",
        deadlineLabel: "Answer due by",
        lateNote: "(overdue)",
        informationRequestedLabel: "What to supplement",
        rejectionReasonLabel: "Why it was not approved",
        contactHeading: "Who to contact",
        historyHeading: "Steps so far",
        receiptButton: "Show and print the receipt",
        anotherLookup: "Look up another application",
        receiptHeading: "Application receipt",
        submittedLabel: "Submitted on",
        requestedLabel: "Support requested",
        receiptKeep:
            "Keep this receipt and keep the access code private: anyone with it can see the application's status. "
            + "Officers never ask for it by phone.",
        receiptLookup: "Check the status at:",
        printHint: "To print: press Ctrl + P (on a phone: Share, then Print).",
        approvedLabel: "Approved",
        addressLabel: "Address",
        phoneLabel: "Phone",
        codeReadAloud: "Two groups of four characters; there is no letter O, I or L and no digit 0 or 1.")
}
