/// Everything that can be done to an application.
public enum Action: String, Codable, Sendable, CaseIterable {
    case create
    case update
    case submit
    case withdraw
    case startReview
    case requestInfo
    case resubmit
    case recommend
    case returnForReview
    case approve
    case reject
    case fulfil
    case cancel
    case close
    /// An approver allows one more request for information.
    case allowFurtherRequest
    /// The desk issues a new access code; the old one stops working.
    case reissueCode
    /// A late case gets a new promised date, with an apology (the apology slip prints it).
    case reschedule

    public var label: LocalizedText {
        switch self {
        case .create: LocalizedText(vi: "tạo hồ sơ", en: "create")
        case .update: LocalizedText(vi: "cập nhật", en: "update")
        case .submit: LocalizedText(vi: "nộp hồ sơ", en: "submit")
        case .withdraw: LocalizedText(vi: "rút hồ sơ", en: "withdraw")
        case .startReview: LocalizedText(vi: "bắt đầu thẩm định", en: "start review")
        case .requestInfo: LocalizedText(vi: "yêu cầu bổ sung", en: "request information")
        case .resubmit: LocalizedText(vi: "nộp bổ sung", en: "resubmit")
        case .recommend: LocalizedText(vi: "đề xuất", en: "recommend")
        case .returnForReview: LocalizedText(vi: "trả lại thẩm định", en: "return for review")
        case .approve: LocalizedText(vi: "phê duyệt", en: "approve")
        case .reject: LocalizedText(vi: "từ chối", en: "reject")
        case .fulfil: LocalizedText(vi: "ghi nhận thực hiện", en: "record fulfilment")
        case .cancel: LocalizedText(vi: "huỷ", en: "cancel")
        case .close: LocalizedText(vi: "đóng hồ sơ", en: "close")
        case .allowFurtherRequest: LocalizedText(vi: "cho phép yêu cầu bổ sung thêm", en: "allow a further request")
        case .reissueCode: LocalizedText(vi: "cấp lại mã tra cứu", en: "reissue the access code")
        case .reschedule: LocalizedText(vi: "hẹn lại ngày trả kết quả", en: "set a new date for the result")
        }
    }
}

/// One row of the workflow table.
public struct Transition: Sendable {
    public let action: Action
    /// States the action may start from; empty for `create`.
    public let from: [ApplicationState]
    /// The resulting state; nil when the action leaves the state as it is.
    public let to: ApplicationState?
    public let roles: [Role]
    public let needs: LocalizedText
}

/// The workflow as data: code, API, CLI and docs all read this one table.
public enum Workflow {
    public static let transitions: [Transition] = [
        Transition(
            action: .create, from: [], to: .draft, roles: [.applicant, .officer],
            needs: LocalizedText(
                vi: "chương trình tồn tại; hợp tác xã của mình (cán bộ tạo thay)",
                en: "programme exists; own cooperative (officer on its behalf)")),
        Transition(
            action: .update, from: [.draft, .needsInfo], to: nil, roles: [.applicant],
            needs: LocalizedText(vi: "dữ liệu hợp lệ", en: "field rules")),
        Transition(
            action: .submit, from: [.draft], to: .submitted, roles: [.applicant, .officer],
            needs: LocalizedText(
                vi:
                    "đang trong thời gian nhận hồ sơ; đủ điều kiện (ghi phiên bản quy tắc); trong mức tối đa; đủ giấy tờ; cán bộ nhận tại bộ phận một cửa ghi người nộp, loại giấy tờ tùy thân và giấy tờ nhận",
                en:
                    "call window open; eligibility passes (version pinned); amount within ceiling and cap; documents; an officer at the desk records the representative, identity paper kind and papers received"
            )
        ),
        Transition(
            action: .withdraw, from: [.draft, .submitted, .underReview, .needsInfo, .recommended], to: .withdrawn,
            roles: [.applicant],
            needs: LocalizedText(vi: "giải phóng phần ngân sách đã giữ", en: "releases any reservation")),
        Transition(
            action: .startReview, from: [.submitted], to: .underReview, roles: [.officer],
            needs: LocalizedText(vi: "giao cho cán bộ thẩm định", en: "assigns the reviewer")),
        Transition(
            action: .requestInfo, from: [.underReview], to: .needsInfo, roles: [.officer],
            needs: LocalizedText(
                vi: "nội dung yêu cầu; tạm dừng thời hạn; chỉ một lần, trừ khi lãnh đạo cho phép",
                en: "message; pauses the deadline clock; once only, unless an approver allows another")),
        Transition(
            action: .resubmit, from: [.needsInfo], to: .underReview, roles: [.applicant, .officer],
            needs: LocalizedText(
                vi: "mọi điều kiện khi nộp, kiểm lại theo phiên bản quy tắc đã ghi; tiếp tục tính thời hạn",
                en: "every submission check again, eligibility by the rule version pinned; resumes the clock")),
        Transition(
            action: .recommend, from: [.underReview], to: .recommended, roles: [.officer],
            needs: LocalizedText(
                vi: "hỗ trợ (số lượng) hoặc không, lý do; đề xuất hỗ trợ giữ ngân sách",
                en: "award (amount) or deny, reason; an award reserves budget")),
        Transition(
            action: .returnForReview, from: [.recommended], to: .underReview, roles: [.approver],
            needs: LocalizedText(vi: "lý do; giải phóng phần đã giữ", en: "reason; releases the reservation")),
        Transition(
            action: .approve, from: [.recommended], to: .approved, roles: [.approver],
            needs: LocalizedText(
                vi: "người duyệt khác người đề xuất và người nộp; không vượt số đề xuất; lý do và căn cứ pháp lý",
                en: "approver ≠ recommender ≠ submitter; amount ≤ recommended; reason and legal basis")),
        Transition(
            action: .reject, from: [.underReview, .recommended], to: .rejected, roles: [.approver],
            needs: LocalizedText(
                vi: "mã lý do trong danh mục và căn cứ pháp lý", en: "reason code from the catalogue and legal basis")
        ),
        Transition(
            action: .fulfil, from: [.approved], to: .fulfilled, roles: [.officer, .lender],
            needs: LocalizedText(
                vi: "chứng từ theo loại chương trình (tổ chức cho vay chỉ với khoản vay)",
                en: "kind-specific evidence (lender for loans only)")),
        Transition(
            action: .cancel, from: [.approved], to: .cancelled, roles: [.approver],
            needs: LocalizedText(vi: "lý do; giải phóng phần đã cam kết", en: "reason; releases the commitment")),
        Transition(
            action: .close, from: [.fulfilled], to: .closed, roles: [.officer],
            needs: LocalizedText(
                vi: "đã ghi nhận thực hiện; kết thúc hồ sơ", en: "fulfilment recorded; ends the case")),
        Transition(
            action: .allowFurtherRequest, from: [.underReview], to: nil, roles: [.approver],
            needs: LocalizedText(
                vi: "đã yêu cầu bổ sung một lần; lý do", en: "information already requested once; reason")),
        Transition(
            action: .reissueCode, from: ApplicationState.allCases, to: nil, roles: [.officer],
            needs: LocalizedText(
                vi: "mã cũ hết hiệu lực ngay; mã mới chỉ hiện một lần",
                en: "the old code stops at once; the new one is shown once")),
        Transition(
            action: .reschedule, from: ApplicationState.reviewClockRunning, to: nil, roles: [.officer],
            needs: LocalizedText(
                vi: "chỉ khi đã quá hạn; ngày hẹn mới là ngày làm việc sau hôm nay; lý do",
                en: "only once late; the new date a working day after today; reason")),
    ]

    public static func transition(for action: Action) -> Transition {
        transitions.first { $0.action == action }!
    }

    /// Every state a transition can lead to from `state`.
    public static func successors(of state: ApplicationState) -> Set<ApplicationState> {
        Set(transitions.filter { $0.from.contains(state) }.map { $0.to ?? state })
    }

    /// The table as a Graphviz digraph.
    public static func dot() -> String {
        var lines = ["digraph workflow {", "  rankdir=LR;", "  start [shape=point];"]
        for transition in transitions {
            let label = "\(transition.action.rawValue)\\n(\(transition.roles.map(\.rawValue).joined(separator: ", ")))"
            if transition.from.isEmpty {
                lines.append("  start -> \(transition.to!.rawValue) [label=\"\(label)\"];")
            }
            for state in transition.from {
                lines.append("  \(state.rawValue) -> \((transition.to ?? state).rawValue) [label=\"\(label)\"];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// The table as a Mermaid state diagram.
    public static func mermaid() -> String {
        var lines = ["stateDiagram-v2"]
        for transition in transitions {
            let label = "\(transition.action.rawValue) (\(transition.roles.map(\.rawValue).joined(separator: ", ")))"
            if transition.from.isEmpty { lines.append("    [*] --> \(transition.to!.rawValue): \(label)") }
            for state in transition.from {
                lines.append("    \(state.rawValue) --> \((transition.to ?? state).rawValue): \(label)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
