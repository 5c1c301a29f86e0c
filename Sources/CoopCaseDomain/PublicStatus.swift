import Foundation

/// What a cooperative is told about its application without an account: plain words, no personal data.
public struct PublicStatus: Sendable {
    public let nextStep: LocalizedText
    public let contact: LocalizedText
    /// The review deadline, while the review clock is running.
    public let reviewDueAt: Date?
    /// Its day, and whether it has passed, from the working calendar (`Deadline`).
    public let reviewDueOn: CivilDay?
    public let isLate: Bool
    /// What the office asked to be supplemented, while it waits for it: the code holder needs the words.
    public let informationRequested: String?
    /// Why it was not approved: the catalogue's reason and the approver's words.
    public let rejectionReason: LocalizedText?

    public init(application: Application, programme: Programme, deadline: Deadline? = nil) {
        reviewDueAt = application.runningReviewDeadline
        let running = deadline.flatMap { $0.phase == .running ? $0 : nil }
        reviewDueOn = running?.dueOn
        isLate = running?.isLate ?? false
        informationRequested = application.state == .needsInfo ? application.infoRequest : nil
        if application.state == .rejected, let decision = application.decision {
            let code = decision.reasonCode?.label
            let words = decision.reason.trimmed()
            // The reason as written when it says more than the catalogue's label.
            let said = words.isEmpty || words == code?.vi ? nil : words
            rejectionReason = LocalizedText(
                vi: [code?.vi, said].compactMap { $0 }.joined(separator: ": "),
                en: [code?.en, said].compactMap { $0 }.joined(separator: ": "))
        } else {
            rejectionReason = nil
        }
        nextStep =
            switch application.state {
            case .draft:
                LocalizedText(
                    vi: "Hồ sơ chưa nộp. Hoàn thiện và nộp hồ sơ trước khi hết hạn nhận hồ sơ.",
                    en: "Not submitted yet. Complete and submit it before the call closes.")
            case .submitted:
                LocalizedText(
                    vi: "Đã nhận hồ sơ. Cán bộ thẩm định sẽ bắt đầu xem xét.",
                    en: "Received. A reviewing officer will start the review.")
            case .underReview:
                LocalizedText(
                    vi: "Cán bộ đang thẩm định hồ sơ. Chưa cần làm gì thêm.",
                    en: "An officer is reviewing it. Nothing to do for now.")
            case .needsInfo:
                LocalizedText(
                    vi:
                        "Cần bổ sung giấy tờ theo yêu cầu dưới đây, rồi nộp bổ sung trực tuyến hoặc tại bộ phận một cửa.",
                    en: "More information is needed, as asked below; supplement it online or at the one-stop desk.")
            case .recommended:
                LocalizedText(
                    vi: "Đã có ý kiến thẩm định; đang chờ lãnh đạo phê duyệt.",
                    en: "Reviewed; waiting for the approver's decision.")
            case .approved:
                LocalizedText(
                    vi: "Đã được phê duyệt. Sẽ được liên hệ để thực hiện hỗ trợ.",
                    en: "Approved. You will be contacted to receive the support.")
            case .rejected:
                LocalizedText(
                    vi:
                        "Hồ sơ không được phê duyệt, vì lý do dưới đây. Có thể liên hệ bộ phận tiếp nhận để được giải thích.",
                    en: "Not approved, for the reason below. The reception desk can explain it.")
            case .withdrawn: LocalizedText(vi: "Hồ sơ đã được rút.", en: "The application was withdrawn.")
            case .fulfilled:
                LocalizedText(vi: "Đã thực hiện hỗ trợ.", en: "The support has been delivered.")
            case .cancelled:
                LocalizedText(vi: "Quyết định hỗ trợ đã bị huỷ.", en: "The approval was cancelled.")
            case .closed: LocalizedText(vi: "Hồ sơ đã hoàn tất.", en: "The case is closed.")
            }
        contact =
            programme.kind == .preferentialLoan
            ? LocalizedText(
                vi: "Bộ phận tiếp nhận hồ sơ của chương trình hoặc tổ chức cho vay được uỷ thác.",
                en: "The programme's reception desk or the entrusted lender.")
            : LocalizedText(
                vi: "Bộ phận tiếp nhận hồ sơ của chương trình.", en: "The programme's reception desk.")
    }
}
