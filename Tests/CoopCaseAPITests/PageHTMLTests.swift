import CoopCaseService
import Testing

@testable import CoopCaseAPI

/// The pages' escaping, read as bytes, writes what escaping character by character writes.
@Suite struct PageHTMLTests {
    static func reference(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    @Test func escapingBytesMatchesEscapingCharacters() {
        let pieces = ["<", ">", "&", "\"", "'", "a", " ", "Hợp tác xã", "đ", "e\u{301}", "👩‍🌾", "\u{0}", "\r\n", "&amp;"]
        var generator = SystemRandomNumberGenerator()
        var texts = ["", "plain", "<script>alert('x')</script>", "Tùng & Cúc \"HTX\""]
        for _ in 0..<2_000 {
            texts.append(
                (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                    pieces.randomElement(using: &generator)!
                }.joined())
        }
        for text in texts {
            #expect(SlipHTML.escape(text) == Self.reference(text), "\(text.debugDescription)")
            #expect(PageHTML().escapeText(text) == Self.reference(text))
        }
    }
}
