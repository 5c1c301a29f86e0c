import Foundation

/// Splits a SQL file into statements, since the extended protocol takes one statement per query.
/// Understands single- and double-quoted text, dollar-quoted bodies, and both comment styles.
public enum SQLScript {
    public static func statements(in sql: String) -> [String] {
        var statements: [String] = []
        var current = ""
        let characters = Array(sql)
        var index = 0
        func peek(_ offset: Int) -> Character? {
            index + offset < characters.count ? characters[index + offset] : nil
        }
        while index < characters.count {
            let character = characters[index]
            if character == "-" && peek(1) == "-" {
                while index < characters.count && characters[index] != "\n" { index += 1 }
                continue
            }
            if character == "/" && peek(1) == "*" {
                var depth = 0
                repeat {
                    if characters[index] == "/" && peek(1) == "*" {
                        depth += 1
                        index += 2
                    } else if characters[index] == "*" && peek(1) == "/" {
                        depth -= 1
                        index += 2
                    } else {
                        index += 1
                    }
                } while depth > 0 && index < characters.count
                current.append(" ")
                continue
            }
            if character == "'" || character == "\"" {
                current.append(character)
                index += 1
                while index < characters.count {
                    current.append(characters[index])
                    if characters[index] == character {
                        if peek(1) == character {
                            current.append(character)
                            index += 2
                            continue
                        }
                        index += 1
                        break
                    }
                    index += 1
                }
                continue
            }
            if character == "$", let tag = dollarTag(characters, at: index) {
                current.append(contentsOf: tag)
                index += tag.count
                while index < characters.count {
                    if characters[index] == "$", dollarTag(characters, at: index) == tag {
                        current.append(contentsOf: tag)
                        index += tag.count
                        break
                    }
                    current.append(characters[index])
                    index += 1
                }
                continue
            }
            if character == ";" {
                append(&statements, current)
                current = ""
                index += 1
                continue
            }
            current.append(character)
            index += 1
        }
        append(&statements, current)
        return statements
    }

    private static func append(_ statements: inout [String], _ text: String) {
        let trimmed = text.trimmed()
        if !trimmed.isEmpty { statements.append(trimmed) }
    }

    /// `$tag$` or `$$` starting at `index`, if any.
    private static func dollarTag(_ characters: [Character], at index: Int) -> String? {
        var end = index + 1
        while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" {
            if end == index + 1 && characters[end].isNumber { return nil }
            end += 1
        }
        guard end < characters.count, characters[end] == "$" else { return nil }
        return String(characters[index...end])
    }
}
