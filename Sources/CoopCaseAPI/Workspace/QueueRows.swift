import CoopCaseDomain
import CoopCaseService

/// The queue's rows as HTML. A page has fifty of them with sixteen values each, and the template library finds every
/// value through a chain of dynamic casts: written through the template, the rows took most of a page's time
/// (docs/performance.md). Same markup, same escaping (`SlipHTML.escape`, which the templates use too).
struct QueueRows {
    struct Row {
        var reference: String
        var cooperative: String
        var programme: String
        var state: String
        var due: String
        var late: Bool
        var assignee: String
    }

    /// The column headings each cell repeats for the phone layout, and the word that marks a late row.
    struct Labels {
        var reference, cooperative, programme, state, deadline, assignee, late: String

        init(_ text: [String: String]) {
            func word(_ key: String) -> String { SlipHTML.escape(text[key] ?? key) }
            reference = word("colReference")
            cooperative = word("colCooperative")
            programme = word("colProgramme")
            state = word("colState")
            deadline = word("colDeadline")
            assignee = word("colAssignee")
            late = word("late")
        }

        static func of(_ language: Language) -> Labels { language == .en ? english : vietnamese }
        private static let vietnamese = Labels(WorkspaceText.vi)
        private static let english = Labels(WorkspaceText.en)
    }

    static func html(_ rows: [Row], labels: Labels) -> String {
        var html = ""
        html.reserveCapacity(rows.count * 640)
        for row in rows {
            let reference = SlipHTML.escape(row.reference)
            html += row.late ? "<tr class=\"late\">\n" : "<tr>\n"
            html += "  <th scope=\"row\" data-label=\"\(labels.reference)\">"
            html += "<a href=\"/workspace/applications/\(reference)\">\(reference)</a></th>\n"
            html += "  <td data-label=\"\(labels.cooperative)\">\(SlipHTML.escape(row.cooperative))</td>\n"
            html += "  <td data-label=\"\(labels.programme)\">\(SlipHTML.escape(row.programme))</td>\n"
            html += "  <td data-label=\"\(labels.state)\">\(SlipHTML.escape(row.state))</td>\n"
            html += "  <td data-label=\"\(labels.deadline)\">"
            if row.late { html += "<strong class=\"late-mark\">\(labels.late):</strong> " }
            html += "\(SlipHTML.escape(row.due))</td>\n"
            html += "  <td data-label=\"\(labels.assignee)\">\(SlipHTML.escape(row.assignee))</td>\n</tr>\n"
        }
        if html.hasSuffix("\n") { html.removeLast() }
        return html
    }
}
