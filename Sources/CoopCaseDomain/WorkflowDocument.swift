/// `docs/workflow.md`, written from the transition table so the document cannot drift from what the domain enforces.
/// `coopcase workflow --format markdown` prints it; a test compares it with the file.
extension Workflow {
    public static func document() -> String {
        var lines = [
            "# Workflow", "",
            "Generated from the transition table in `Sources/CoopCaseDomain/Workflow.swift` by "
                + "`coopcase workflow --format markdown > docs/workflow.md`; the same table is what the domain enforces, "
                + "and a test fails when this file differs from it.",
            "", "```mermaid", mermaid(), "```",
        ]
        for language in [Language.en, .vi] {
            let heading =
                language == .en
                ? ["## Table (English)", "", "| action | from | to | who | needs |"]
                : ["## Bảng (tiếng Việt)", "", "| thao tác | từ | sang | ai | điều kiện |"]
            lines += [""] + heading + ["|---|---|---|---|---|"]
            for row in transitions {
                let cells = [
                    "\(row.action.label.text(language)) (`\(row.action.rawValue)`)",
                    row.from.isEmpty ? "—" : row.from.map { $0.label.text(language) }.joined(separator: ", "),
                    row.to.map { $0.label.text(language) } ?? (language == .en ? "(same)" : "(giữ nguyên)"),
                    row.roles.map { $0.label.text(language) }.joined(separator: ", "),
                    row.needs.text(language),
                ]
                lines.append("| " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
