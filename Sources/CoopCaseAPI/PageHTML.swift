import CoopCaseService
import Mustache

/// How the pages escape what they print: the five characters the library's HTML type escapes, read as bytes (the
/// library reads them a character at a time, most of a page's rendering time).
struct PageHTML: MustacheContentType {
    static let name = "PAGE_HTML"
    /// Put before each template, so that all it renders, its layout and blocks included, is escaped this way.
    static let pragma = "{{% CONTENT_TYPE: \(name) }}\n"

    func escapeText(_ text: String) -> String { SlipHTML.escape(text) }
}
