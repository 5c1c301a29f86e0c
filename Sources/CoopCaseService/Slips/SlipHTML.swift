import CoopCaseDomain

/// A slip as a print-ready HTML page sized for A5: the workspace serves it with its stylesheet linked (its pages
/// load nothing inline), the command line writes it as one file with the stylesheet inside.
public enum SlipHTML {
    public enum Style: Sendable {
        case inline
        case linked(path: String)
    }

    /// The stylesheet: A5 portrait, the form's two-column head, signatures side by side.
    public static let stylesheet = """
        @page { size: A5 portrait; margin: 10mm 10mm 10mm 12mm; }
        body { font-family: "Times New Roman", "Noto Serif", "DejaVu Serif", serif; font-size: 10pt; line-height: 1.25;
          color: #000; background: #fff; margin: 0 auto; max-width: 126mm; padding: 0; }
        .head { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; text-align: center; font-size: 8.5pt; }
        .head p { margin: 0; }
        .upper { text-transform: uppercase; font-weight: 700; }
        .motto { font-weight: 700; text-decoration: underline; }
        .dated { font-style: italic; }
        h1 { font-size: 12pt; text-align: center; text-transform: uppercase; margin: 4mm 0 3mm; }
        p, li { margin: 0 0 1mm; }
        ol { margin: 0 0 1mm; padding-left: 7mm; }
        .heading { font-weight: 700; margin-top: 1.5mm; }
        .signatures { display: grid; grid-auto-flow: column; grid-auto-columns: 1fr; gap: 4mm; margin-top: 4mm;
          text-align: center; break-inside: avoid; }
        .signatures .role { font-weight: 700; text-transform: uppercase; margin: 0; }
        .signatures .hint { font-style: italic; font-size: 8.5pt; margin: 0 0 12mm; }
        @media screen { body { padding: 8mm; border: 1px solid #999; margin: 4mm auto; } }
        """

    public static func render(_ slip: Slip, style: Style) -> String {
        let css: String
        switch style {
        case .inline: css = "<style>\n\(stylesheet)\n</style>"
        case .linked(let path): css = "<link rel=\"stylesheet\" href=\"\(escape(path))\">"
        }
        var body = """
            <div class="head">
              <div><p class="upper">\(escape(slip.authority))</p><p class="upper">\(escape(slip.desk))</p>\
            <p>\(escape(slip.number))</p></div>
              <div><p class="upper">Cộng hòa xã hội chủ nghĩa Việt Nam</p><p class="motto">Độc lập - Tự do - Hạnh phúc</p>\
            <p class="dated">\(escape(slip.dated))</p></div>
            </div>
            <h1>\(escape(slip.title))</h1>

            """
        for section in slip.sections {
            if let heading = section.heading { body += "<p class=\"heading\">\(escape(heading))</p>\n" }
            if section.numbered {
                body += "<ol>" + section.lines.map { "<li>\(escape($0))</li>" }.joined() + "</ol>\n"
            } else {
                body += section.lines.map { "<p>\(escape($0))</p>\n" }.joined()
            }
        }
        body += "<div class=\"signatures\">"
        for signature in slip.signatures {
            body += "<div><p class=\"role\">\(escape(signature.role))</p><p class=\"hint\">(Ký và ghi rõ họ tên)</p>"
            body += "<p>\(escape(signature.name))</p></div>"
        }
        body += "</div>\n"
        return """
            <!doctype html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(slip.title)) — \(escape(slip.number))</title>
            \(css)
            </head>
            <body>
            <main>
            \(body)</main>
            </body>
            </html>
            """
    }

    /// Text safe inside HTML elements and quoted attributes. Reads UTF-8 bytes (the five escaped characters are
    /// ASCII, so no multi-byte character can hold one) and returns the text itself when nothing needs escaping.
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: { $0 < 0x80 && escaped[Int($0)] != nil }) else {
                return nil
            }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 16)
            result.append(contentsOf: bytes[..<first])
            for byte in bytes[first...] {
                if byte < 0x80, let replacement = escaped[Int(byte)] {
                    result.append(contentsOf: replacement)
                } else {
                    result.append(byte)
                }
            }
            return String(decoding: result, as: UTF8.self)
        } ?? text
    }

    /// The replacement of each ASCII byte that needs one.
    private static let escaped: [[UInt8]?] = (0..<128).map { byte in
        switch UInt8(byte) {
        case UInt8(ascii: "&"): Array("&amp;".utf8)
        case UInt8(ascii: "<"): Array("&lt;".utf8)
        case UInt8(ascii: ">"): Array("&gt;".utf8)
        case UInt8(ascii: "\""): Array("&quot;".utf8)
        case UInt8(ascii: "'"): Array("&#39;".utf8)
        default: nil
        }
    }
}
