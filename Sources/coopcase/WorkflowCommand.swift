import ArgumentParser
import CoopCaseDomain

struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = coopcase.configuration(
        "workflow", vi: "In bảng quy trình mà hệ thống áp dụng.", en: "Print the workflow table the domain enforces.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case dot
        case mermaid
        case markdown
    }

    @Option(
        name: .long,
        help: help(
            vi: "text (bảng), dot (Graphviz), mermaid hoặc markdown (docs/workflow.md, cả hai ngôn ngữ).",
            en: "text, dot (Graphviz), mermaid or markdown (docs/workflow.md, both languages).")
    )
    var format: Format = .text

    @Option(name: .long, help: help(vi: "Ngôn ngữ: vi (mặc định) hoặc en.", en: "Language: vi (default) or en."))
    var lang: String?

    func validate() throws {
        if let lang, !["vi", "en"].contains(lang) {
            printError(say(vi: "--lang phải là vi hoặc en.", en: "--lang must be vi or en."))
            throw ExitCode.usage
        }
    }

    func run() async throws {
        switch format {
        case .dot: print(Workflow.dot())
        case .mermaid: print(Workflow.mermaid())
        case .markdown: print(Workflow.document(), terminator: "")
        case .text:
            var table = Table(
                headers: [
                    say(vi: "thao tác", en: "action"), say(vi: "từ", en: "from"), say(vi: "sang", en: "to"),
                    say(vi: "ai", en: "who"), say(vi: "điều kiện", en: "needs"),
                ])
            for row in Workflow.transitions {
                table.rows.append([
                    "\(say(row.action.label)) (\(row.action.rawValue))",
                    row.from.isEmpty ? "—" : row.from.map { say($0.label) }.joined(separator: ", "),
                    row.to.map { say($0.label) } ?? say(vi: "(giữ nguyên)", en: "(same)"),
                    row.roles.map { say($0.label) }.joined(separator: ", "), say(row.needs),
                ])
            }
            print(table.render())
        }
    }
}
