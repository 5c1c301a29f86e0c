import CoopCaseDomain
import Foundation
import Testing

/// `docs/workflow.md` is the transition table written out: it must be what `Workflow.document()` gives today.
@Suite struct WorkflowDocumentTests {
    @Test func theDocumentIsTheTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = try String(contentsOf: root.appendingPathComponent("docs/workflow.md"), encoding: .utf8)
        #expect(
            file == Workflow.document(),
            "docs/workflow.md differs from the table: swift run coopcase workflow --format markdown > docs/workflow.md")
    }

    @Test func everyTransitionIsARowInBothLanguages() {
        let document = Workflow.document()
        for transition in Workflow.transitions {
            for language in [Language.en, .vi] {
                #expect(
                    document.contains("| \(transition.action.label.text(language)) (`\(transition.action.rawValue)`) |")
                )
                #expect(document.contains(transition.needs.text(language)))
            }
        }
        let rows = document.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("(`") }
        #expect(rows.count == 2 * Workflow.transitions.count)
    }
}
