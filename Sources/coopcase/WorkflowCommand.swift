import ArgumentParser
import CoopCaseDomain

struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow", abstract: "Print the workflow table the domain enforces.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text
        case dot
        case mermaid
    }

    @Option(name: .long, help: "text, dot (Graphviz) or mermaid.")
    var format: Format = .text

    @Option(name: .long, help: "Language: vi (default) or en.")
    var lang: String?

    func run() async throws {
        switch format {
        case .dot: print(Workflow.dot())
        case .mermaid: print(Workflow.mermaid())
        case .text:
            let language = Language(preferring: lang)
            var table = Table(headers: ["action", "from", "to", "who", language == .en ? "needs" : "điều kiện"])
            for row in Workflow.transitions {
                table.rows.append([
                    row.action.rawValue, row.from.isEmpty ? "—" : row.from.map(\.rawValue).joined(separator: ", "),
                    row.to?.rawValue ?? "(same)", row.roles.map(\.rawValue).joined(separator: ", "),
                    row.needs.text(language),
                ])
            }
            print(table.render())
        }
    }
}
