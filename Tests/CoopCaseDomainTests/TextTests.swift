import CoopCaseDomain
import Foundation
import Testing

@Suite struct TextTests {
    /// Every White_Space scalar, some that are not (zero-width space, BOM), letters, Vietnamese letters, digits,
    /// quotes and punctuation.
    static let alphabet: [Character] =
        [
            "\t", "\n", "\u{0B}", "\u{0C}", "\r", " ", "\u{85}", "\u{A0}", "\u{1680}", "\u{2028}", "\u{2029}",
            "\u{202F}",
            "\u{205F}", "\u{3000}", "\u{200B}", "\u{FEFF}", "a", "Z", "ư", "Ạ", "đ", "0", "9", "\"", "-", "%", ";", "/",
        ]
        + (0x2000...0x200A).map { Character(Unicode.Scalar($0)!) }

    /// The same result as Foundation's trimming for both sets, on 20,000 random strings.
    @Test func trimmingMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = String(
                (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                    Self.alphabet.randomElement(using: &generator)!
                })
            #expect(
                text.trimmed() == text.trimmingCharacters(in: .whitespacesAndNewlines),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(
                text.trimmed(keepingNewlines: true) == text.trimmingCharacters(in: .whitespaces),
                "\(text.unicodeScalars)")
            #expect(text[...].trimmed() == text.trimmed())
        }
        #expect("\r\n  ".trimmed().isEmpty && "".trimmed(keepingNewlines: true).isEmpty)
        #expect(" a\n".trimmed(keepingNewlines: true) == "a\n")
    }

    @Test func includesFindsByBytes() {
        #expect("/v1/applications/VAY-1/actions/approve".includes("/actions/"))
        #expect("/v1/x?q=%00".includes("%00") && !"/v1/x?q=%0".includes("%00"))
        #expect("abc".includes("") && !"".includes("a") && "Hợp tác xã".includes("tác"))
        #expect("Hợp tác xã"[...].includes("xã"[...]) && !"aab".includes("abb") && "aab".includes("ab"))
    }

    /// The same answer as the standard library's byte search, on 20,000 random pairs: repeated letters, so that
    /// partial matches abound, and letters of two and three bytes.
    @Test func includesMatchesTheStandardLibrary() {
        let letters: [Character] = ["a", "b", "%", "0", "ạ", "ư", "€", "\u{0}"]
        var generator = SystemRandomNumberGenerator()
        func text(_ longest: Int) -> String {
            String(
                (0..<Int.random(in: 0...longest, using: &generator)).map { _ in
                    letters.randomElement(using: &generator)!
                })
        }
        for _ in 0..<20_000 {
            let (haystack, needle) = (text(12), text(3))
            #expect(
                haystack.includes(needle) == (haystack.utf8.firstRange(of: needle.utf8) != nil), "\(haystack) \(needle)"
            )
        }
    }

    /// The same result as Foundation's `removingPercentEncoding`, malformed and non-UTF-8 input included.
    @Test func percentDecodingMatchesFoundation() {
        let pieces = [
            "%", "%2", "%22", "%e1", "%BA", "%a1", "%C3%A9", "%zz", "%7", "a", "Z", "ư", "3", "\"", "%25", "%00",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            #expect(text.percentDecoded() == text.removingPercentEncoding, "\(text)")
        }
        #expect("%223%22".percentDecoded() == "\"3\"" && "%E1%BA%A1".percentDecoded() == "ạ")
    }
}
