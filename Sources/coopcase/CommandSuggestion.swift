import ArgumentParser

/// Answers a misspelled subcommand as argument-parser answers a misspelled option: by naming the closest one.
enum CommandSuggestion {
    /// The message for the first word that names no subcommand where one is expected, or nil when all is well.
    static func unknown(in arguments: [String], root: any ParsableCommand.Type) -> String? {
        var command = root
        var path = [name(of: root)]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-"), word != "help" else { return nil }
            let names = subcommands.map { name(of: $0) }
            guard let index = names.firstIndex(of: word) else {
                let closest = names.min { distance(word, $0) < distance(word, $1) }
                let hint =
                    closest.flatMap { distance(word, $0) <= max(2, word.count / 3) ? $0 : nil }
                    .map { say(vi: " Có phải bạn muốn gõ '\($0)'?", en: " Did you mean '\($0)'?") } ?? ""
                let all = names.joined(separator: ", ")
                return say(
                    vi: "'\(path.joined(separator: " "))' không có lệnh '\(word)'.\(hint) Các lệnh: \(all).",
                    en: "'\(path.joined(separator: " "))' has no command '\(word)'.\(hint) Commands: \(all).")
            }
            command = subcommands[index]
            path.append(word)
        }
        return nil
    }

    static func name(of command: any ParsableCommand.Type) -> String { command._commandName }

    /// Edit distance (insertions, deletions, substitutions), case-insensitive.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
