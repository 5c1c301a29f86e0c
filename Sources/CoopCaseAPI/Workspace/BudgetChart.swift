import CoopCaseDomain
import CoopCaseService

/// A programme's budget as one stacked bar, drawn on the server as SVG (no script, no outside asset): spent,
/// committed, reserved, and what is left, each with its share written out beside the bar for those who cannot see it.
enum BudgetChart {
    struct Part {
        var label: String
        var value: Int64
        var fill: String
    }

    static func svg(id: String, title: String, budget: Int64, parts: [Part]) -> String {
        let width = 600.0
        let total = Double(max(budget, parts.reduce(0) { $0 + max($1.value, 0) }, 1))
        var x = 0.0
        var bars = ""
        for part in parts where part.value > 0 {
            let w = width * Double(part.value) / total
            bars += "<rect x=\"\(format(x))\" y=\"0\" width=\"\(format(w))\" height=\"32\" fill=\"\(part.fill)\"/>"
            x += w
        }
        let description = parts.map { "\(SlipHTML.escape($0.label)): \(groupDigits($0.value))" }.joined(separator: "; ")
        return """
            <svg class="chart" viewBox="0 0 600 32" preserveAspectRatio="none" role="img" \
            aria-labelledby="\(id)-title \(id)-desc" focusable="false">\
            <title id="\(id)-title">\(SlipHTML.escape(title))</title><desc id="\(id)-desc">\(description)</desc>\
            <rect x="0" y="0" width="600" height="32" fill="#ffffff" stroke="#4a4a4a"/>\(bars)</svg>
            """
    }

    private static func format(_ value: Double) -> String { String(format: "%.1f", value) }
}
