import CoopCaseDomain
internal import CoopCasePostgres
import Foundation

/// The one-stop slips of an application, made from its record and its events: what was received and when the
/// result is due; what must be supplemented and why; the apology with the new date. Staff print them for the
/// cooperative, from the workspace or the command line.
public struct SlipService: Sendable {
    let database: Database

    /// `lookupAddress`: where the receipt says the status can be checked (the office's public address, or where the
    /// page was asked from).
    public func slip(
        _ kind: Slip.Kind, reference: String, issuer: Office, lookupAddress: String? = nil, by actor: Actor
    ) async throws -> Slip {
        try actor.require(.readDeadlines)
        let applications = ApplicationService(database: database)
        let application = try await applications.get(reference: reference, by: actor)
        let programme = try await database.programmes.get(id: application.programmeId)
        let cooperative = try await database.cooperatives.get(id: application.cooperativeId)
        let events = try await database.applications.events(of: application)
        func input(of event: StoredEvent) -> ActionInput { event.recorded.input ?? ActionInput() }
        func name(_ username: String) async throws -> String {
            try await database.users.find(username: username)?.displayName ?? username
        }
        let now = database.now
        let unit = programme.kind.unit
        let asked = "\(programme.name.vi) — mức đề nghị \(unit.format(application.request.amount, .vi))"
        let address = [
            cooperative.address.street, cooperative.address.ward.name, cooperative.address.district?.name,
            cooperative.address.province.name,
        ].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        func slip(_ number: String, _ title: String, _ sections: [Slip.Section], _ signatures: [(String, String)])
            -> Slip
        {
            Slip(
                kind: kind, authority: issuer.authority.vi, desk: issuer.desk.vi,
                number: "Số: \(application.reference.value)/\(number)", dated: Slip.formDay(now).capitalizedFirst,
                title: title, sections: sections, signatures: signatures.map { (role: $0.0, name: $0.1) })
        }
        switch kind {
        case .receipt:
            guard let received = events.last(where: { [.submit, .resubmit].contains($0.action) }),
                let submitted = application.submittedAt
            else { throw DomainError.invalidTransition(action: .submit, state: application.state) }
            let counter = input(of: received).counter
            let papers = counter?.papers ?? application.request.documents
            let due = try await applications.deadline(of: application)
            let representative = counter.map {
                "\($0.representative) (giấy tờ tùy thân: \($0.identityPaper.label.vi))"
            }
            return slip(
                "TNHS", "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                [
                    Slip.Section(lines: [
                        "Mã hồ sơ: \(application.reference.value)",
                        "\(issuer.desk.vi) đã tiếp nhận hồ sơ của: \(cooperative.name) (mã số \(cooperative.code.value))",
                        "Người nộp: \(representative ?? "\(cooperative.contact.person) (nộp trực tuyến)")",
                        "Địa chỉ: \(address)",
                        "Số điện thoại: \(cooperative.contact.phone ?? "—")",
                        "Nội dung yêu cầu giải quyết: \(asked)",
                    ]),
                    Slip.Section(heading: "1. Thành phần hồ sơ nộp gồm:", lines: papers, numbered: true),
                    Slip.Section(lines: [
                        "2. Số lượng hồ sơ: 01 bộ",
                        "3. Thời gian giải quyết hồ sơ theo quy định: \(programme.reviewDeadlineWorkingDays) ngày làm việc",
                        "4. Thời gian nhận hồ sơ: \(Slip.formMoment(received.at))",
                        "5. Thời gian trả kết quả giải quyết hồ sơ: "
                            + (due.map { Slip.formDay(StatutoryClock.closing(of: $0.dueOn)) }
                                ?? Slip.formDay(submitted)),
                        "6. Đăng ký nhận kết quả tại: \(issuer.desk.vi), \(issuer.address)",
                        "Tra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu tại "
                            + "\(lookupAddress ?? issuer.lookupAddress(requestAuthority: nil)).",
                    ]),
                ],
                [
                    ("Người nộp hồ sơ", counter?.representative ?? cooperative.contact.person),
                    (
                        "Người tiếp nhận hồ sơ",
                        counter == nil ? "(nộp trực tuyến)" : try await name(received.actorUsername)
                    ),
                ])
        case .supplement:
            guard let request = events.last(where: { $0.action == .requestInfo }),
                let message = input(of: request).message
            else { throw DomainError.invalidTransition(action: .requestInfo, state: application.state) }
            return slip(
                "YCBS", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
                [
                    Slip.Section(lines: [
                        "Hồ sơ của: \(cooperative.name) (mã số \(cooperative.code.value))",
                        "Mã hồ sơ: \(application.reference.value)",
                        "Nội dung yêu cầu giải quyết: \(asked)",
                        "Địa chỉ: \(address)",
                        "Số điện thoại: \(cooperative.contact.phone ?? "—")",
                    ]),
                    Slip.Section(
                        heading: "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
                        lines: message.split(separator: "\n").map { $0.trimmed() }.filter { !$0.isEmpty },
                        numbered: true),
                    Slip.Section(lines: [
                        "Ngày yêu cầu: \(Slip.formDay(request.at)).",
                        "Thời hạn giải quyết tạm dừng từ ngày yêu cầu và tiếp tục khi hồ sơ được bổ sung.",
                        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, xin liên hệ \(issuer.desk.vi), "
                            + "số điện thoại \(issuer.phone), để được hướng dẫn.",
                    ]),
                ],
                [("Người hướng dẫn", try await name(request.actorUsername))])
        case .apology:
            guard let rescheduled = events.last(where: { $0.action == .reschedule }),
                let promised = input(of: rescheduled).promisedOn, let submitted = application.submittedAt,
                let due = application.reviewDueAt
            else { throw DomainError.invalidTransition(action: .reschedule, state: application.state) }
            let reason = input(of: rescheduled).reason ?? ""
            return slip(
                "XL", "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
                [
                    Slip.Section(lines: [
                        "Kính gửi: \(cooperative.name)",
                        "\(Slip.formDay(submitted).capitalizedFirst), \(issuer.desk.vi) tiếp nhận hồ sơ đề nghị: "
                            + "\(asked). Mã hồ sơ: \(application.reference.value).",
                        "Thời hạn trả kết quả giải quyết hồ sơ: \(Slip.formDay(due)).",
                        "Tuy nhiên đến nay, cơ quan chưa trả kết quả giải quyết hồ sơ của quý hợp tác xã.",
                        "Lý do: \(reason)",
                        "Sự chậm trễ này đã gây phiền hà cho quý hợp tác xã. \(issuer.authority.vi) xin lỗi "
                            + "và sẽ trả kết quả giải quyết hồ sơ vào \(Slip.formDay(StatutoryClock.closing(of: promised))).",
                        "Rất mong nhận được sự thông cảm của quý hợp tác xã.",
                    ])
                ],
                [("Thủ trưởng cơ quan", "")])
        }
    }
}
