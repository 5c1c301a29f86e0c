import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "report", vi: "Báo cáo.", en: "Reports.", subcommands: [SummaryReport.self])

    struct SummaryReport: AsyncParsableCommand {
        /// Two CSV tables: the registry's figures, then one row per programme.
        static func csv(_ summary: Summary) -> String {
            let r = summary.registry
            var lines = ["figure,value"]
            lines += [
                ("cooperatives", r.cooperatives), ("members", r.members), ("workers", r.workers),
                ("with_computer", r.withComputer), ("with_internet", r.withInternet), ("with_website", r.withWebsite),
                ("with_accounting_software", r.withAccountingSoftware), ("with_sales_software", r.withSalesSoftware),
            ].map { "\($0.0),\($0.1)" }
            lines.append("average_revenue_vnd,\(r.averageRevenue)")
            lines.append("")
            let states = ApplicationState.allCases.map(\.rawValue)
            lines.append(
                ([
                    "code", "kind", "status", "unit", "budget", "reserved", "committed", "spent", "utilisation_percent",
                    "requested_amount", "recommended_amount", "approved_amount",
                ] + states.map { "count_\($0)" }
                    + states.map { "days_\($0)" }).joined(separator: ","))
            for p in summary.programmes {
                let fields: [String] =
                    [
                        p.code, p.kind.rawValue, p.status.rawValue, p.unit.rawValue, String(p.budget),
                        String(p.reserved),
                        String(p.committed), String(p.spent), String(format: "%.2f", p.utilisation),
                        String(p.requested),
                        String(p.recommended), String(p.approved),
                    ]
                    + states.map { String(p.applications[$0] ?? 0) }
                    + states.map { p.averageWorkingDays[$0].map { String(format: "%.2f", $0) } ?? "" }
                lines.append(fields.joined(separator: ","))
            }
            return lines.joined(separator: "\n")
        }

        static let configuration = coopcase.configuration(
            "summary", vi: "Số liệu sổ đăng ký và tình hình ngân sách từng chương trình.",
            en: "The registry's figures and every programme's budget position.")

        @OptionGroup var options: GlobalOptions

        @Option(name: .long, help: help(vi: "Chỉ chương trình này (mã).", en: "Only this programme (its code)."))
        var programme: String?

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case table, csv, json
        }

        @Option(
            help: help(
                vi: "table (bảng, mặc định), csv (cột tiếng Anh cố định, cho máy đọc) hoặc json.",
                en: "table (default), csv (fixed English columns, for machines) or json."))
        var format: Format = .table

        func run() async throws {
            let settings = try await Settings.load(options)
            let summary = try await withDatabase(settings) { service in
                try await service.summary(
                    programmeCode: programme, by: try await requireActor(settings, service))
            }
            if settings.json || format == .json { return try printJSON(summary) }
            if format == .csv { return print(Self.csv(summary)) }
            let language = CLILanguage.current
            let en = language == .en
            let r = summary.registry
            print(en ? "Cooperative registry" : "Danh bạ hợp tác xã")
            var registry = Table(headers: [en ? "figure" : "chỉ tiêu", en ? "value" : "giá trị"], numeric: [1])
            registry.rows = [
                [en ? "cooperatives" : "số hợp tác xã", groupDigits(Int64(r.cooperatives))],
                [en ? "members" : "thành viên", groupDigits(Int64(r.members))],
                [en ? "workers" : "lao động", groupDigits(Int64(r.workers))],
                [en ? "average revenue (VND/year)" : "doanh thu bình quân (đồng/năm)", groupDigits(r.averageRevenue)],
                [en ? "with a computer" : "có máy tính", groupDigits(Int64(r.withComputer))],
                [en ? "with internet" : "có internet", groupDigits(Int64(r.withInternet))],
                [en ? "with a website" : "có trang web", groupDigits(Int64(r.withWebsite))],
                [
                    en ? "with accounting software" : "có phần mềm kế toán",
                    groupDigits(Int64(r.withAccountingSoftware)),
                ],
                [en ? "with sales software" : "có phần mềm bán hàng", groupDigits(Int64(r.withSalesSoftware))],
            ]
            print(registry.render())
            print()
            print(en ? "Programmes" : "Chương trình")
            var table = Table(
                headers: [
                    en ? "code" : "mã", en ? "unit" : "đơn vị", en ? "budget" : "ngân sách",
                    en ? "reserved" : "đã giữ", en ? "committed" : "đã cam kết", en ? "spent" : "đã chi",
                    en ? "used %" : "sử dụng %", en ? "requested" : "đề nghị", en ? "recommended" : "đề xuất",
                    en ? "approved" : "phê duyệt", en ? "applications by state" : "hồ sơ theo trạng thái",
                ], numeric: [2, 3, 4, 5, 6, 7, 8, 9])
            func stateName(_ raw: String) -> String { ApplicationState(rawValue: raw).map { say($0.label) } ?? raw }
            for line in summary.programmes {
                let states = ApplicationState.allCases.compactMap { state in
                    line.applications[state.rawValue].map { "\(say(state.label)) \($0)" }
                }
                table.rows.append([
                    line.code, line.unit == .vnd ? (en ? "VND" : "đồng") : (en ? "seats" : "chỗ"),
                    groupDigits(line.budget),
                    groupDigits(line.reserved), groupDigits(line.committed), groupDigits(line.spent),
                    String(format: "%.1f", line.utilisation), groupDigits(line.requested),
                    groupDigits(line.recommended),
                    groupDigits(line.approved), states.joined(separator: ", "),
                ])
            }
            print(table.render())
            print()
            print(en ? "Average working days per stage" : "Số ngày làm việc bình quân mỗi bước")
            let stages = ApplicationState.allCases.map(\.rawValue).filter { state in
                summary.programmes.contains { $0.averageWorkingDays[state] != nil }
            }
            var durations = Table(
                headers: [en ? "code" : "mã"] + stages.map(stateName), numeric: Set(1...max(1, stages.count)))
            for line in summary.programmes {
                durations.rows.append(
                    [line.code] + stages.map { line.averageWorkingDays[$0].map { String(format: "%.1f", $0) } ?? "—" })
            }
            print(durations.render())
        }
    }
}
