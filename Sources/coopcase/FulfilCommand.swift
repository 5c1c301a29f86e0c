import ArgumentParser
import CoopCaseDomain
import Foundation

extension ActionCommands {
    /// Records fulfilment: each programme kind takes its own evidence, and the help says which.
    struct Fulfil: ActionCommand {
        static let action = Action.fulfil
        static let configuration = actionConfiguration()
        @OptionGroup var target: ActionTarget
        @Option(
            help: help(
                vi: "Số đã giải ngân hoặc đã chi (vay, thiết bị, thương hiệu).",
                en: "Amount disbursed or spent (loans, equipment, branding)."))
        var amount: Int64?
        @Option(help: help(vi: "Vay: số chứng từ giải ngân.", en: "Loans: the disbursement reference."))
        var disbursement: String?
        @Option(
            help: help(
                vi: "Vay: ngày giải ngân YYYY-MM-DD (mặc định hôm nay).",
                en: "Loans: disbursement date YYYY-MM-DD (default today)."))
        var date: String?
        @Option(help: help(vi: "Vay: ngân hàng cho vay.", en: "Loans: the lender.")) var lender: String?
        @Option(help: help(vi: "Tập huấn: số học viên tham dự.", en: "Training: attendees.")) var attendees: Int?
        @Option(help: help(vi: "Tập huấn: số buổi đã tham dự.", en: "Training: sessions attended.")) var sessions: Int?
        @Option(
            help: help(
                vi: "Thiết bị: một thiết bị bàn giao dạng TÊN:SỐ_SÊ_RI (lặp lại được).",
                en: "Equipment: a handed-over item as NAME:SERIAL (repeatable)."))
        var handover: [String] = []
        @Option(help: help(vi: "Thương hiệu: địa chỉ trang web đã chạy.", en: "Branding: the live website's address."))
        var url: String?
        @Option(help: help(vi: "Thương hiệu: số đăng ký nhãn hiệu.", en: "Branding: the trademark number."))
        var trademark: String?

        func input(current: Application, kind: ProgrammeKind) throws -> ActionInput {
            ActionInput(evidence: try evidence(for: kind))
        }

        /// Builds the evidence the programme's kind requires, naming the missing option.
        func evidence(for kind: ProgrammeKind) throws -> FulfilmentEvidence {
            func need<T>(_ value: T?, _ option: String) throws -> T {
                guard let value else { throw DomainError.validation(field: "--\(option)", reason: .required) }
                return value
            }
            switch kind {
            case .preferentialLoan:
                let when =
                    try date.map { text -> Date in
                        guard let parsed = RegistryCSV.date(text) else {
                            throw DomainError.validation(field: "--date", reason: .unknownValue)
                        }
                        return parsed
                    } ?? Date()
                return .loanDisbursement(
                    reference: try need(disbursement, "disbursement"), date: when, amount: try need(amount, "amount"),
                    lender: try need(lender, "lender"))
            case .training:
                return .trainingAttendance(attendees: try need(attendees, "attendees"), sessionsAttended: sessions ?? 0)
            case .equipmentGrant:
                let items = try handover.map { text -> HandoverItem in
                    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
                    guard parts.count == 2 else {
                        throw DomainError.validation(field: "--handover", reason: .unknownValue)
                    }
                    return HandoverItem(name: parts[0], serialNumber: parts[1])
                }
                return .equipmentHandover(items: items, amount: try need(amount, "amount"))
            case .digitalBranding:
                return .brandingDelivery(
                    liveURL: try need(url, "url"), trademarkNumber: trademark, amount: try need(amount, "amount"))
            }
        }
    }
}
