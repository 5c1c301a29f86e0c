import ArgumentParser
import CoopCaseDomain
import CoopCasePostgres
import Foundation

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports.", subcommands: [SummaryReport.self])

    struct SummaryReport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "summary", abstract: "The registry's figures and every programme's budget position.")

        @OptionGroup var options: GlobalOptions

        @Option(name: .long, help: "Only this programme (its code).")
        var programme: String?

        func run() async throws {
            let settings = try await Settings.load(options)
            let summary = try await withDatabase(settings) { database in
                try await database.reports.summary(
                    programmeCode: programme, by: try await requireActor(settings, database))
            }
            if settings.json { return try printJSON(summary) }
            let en = Language(preferring: settings.language) == .en
            let r = summary.registry
            print(en ? "Cooperative registry" : "Danh bạ hợp tác xã")
            var registry = Table(headers: [en ? "figure" : "chỉ tiêu", en ? "value" : "giá trị"], numeric: [1])
            registry.rows = [
                [en ? "cooperatives" : "số hợp tác xã", grouped(Int64(r.cooperatives))],
                [en ? "members" : "thành viên", grouped(Int64(r.members))],
                [en ? "workers" : "lao động", grouped(Int64(r.workers))],
                [en ? "average revenue (VND/year)" : "doanh thu bình quân (đồng/năm)", grouped(r.averageRevenue)],
                [en ? "with a computer" : "có máy tính", grouped(Int64(r.withComputer))],
                [en ? "with internet" : "có internet", grouped(Int64(r.withInternet))],
                [en ? "with a website" : "có trang web", grouped(Int64(r.withWebsite))],
                [en ? "with accounting software" : "có phần mềm kế toán", grouped(Int64(r.withAccountingSoftware))],
                [en ? "with sales software" : "có phần mềm bán hàng", grouped(Int64(r.withSalesSoftware))],
            ]
            print(registry.render())
            print()
            print(en ? "Programmes" : "Chương trình")
            var table = Table(
                headers: [
                    en ? "code" : "mã", en ? "unit" : "đơn vị", en ? "budget" : "ngân sách",
                    en ? "reserved" : "đã giữ", en ? "committed" : "đã cam kết", en ? "spent" : "đã chi",
                    en ? "used %" : "sử dụng %", en ? "applications by state" : "hồ sơ theo trạng thái",
                ], numeric: [2, 3, 4, 5, 6])
            for line in summary.programmes {
                let states = line.applications.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                table.rows.append([
                    line.code, line.unit == .vnd ? "VND" : (en ? "seats" : "chỗ"), grouped(line.budget),
                    grouped(line.reserved), grouped(line.committed), grouped(line.spent),
                    String(format: "%.1f", line.utilisation), states.joined(separator: ", "),
                ])
            }
            print(table.render())
        }
    }
}
