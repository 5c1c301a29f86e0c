import ArgumentParser
import CoopCaseDomain
import Foundation

/// The one language of a run: every message, table header, state name and help text is in it. `--lang` on the
/// command line, else `COOPCASE_LANG`, else Vietnamese. Read before the arguments are parsed, so help follows it.
enum CLILanguage {
    static let current: Language = resolve(
        arguments: CommandLine.arguments, environment: ProcessInfo.processInfo.environment)

    static func resolve(arguments: [String], environment: [String: String]) -> Language {
        var value: String?
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { break }
            if argument == "--lang", index + 1 < arguments.count { value = arguments[index + 1] }
            if argument.hasPrefix("--lang=") { value = String(argument.dropFirst("--lang=".count)) }
        }
        return Language(preferring: value ?? environment["COOPCASE_LANG"])
    }
}

/// The text in this run's language.
func say(_ text: LocalizedText) -> String { text.text(CLILanguage.current) }

/// The text in this run's language, given in both.
func say(vi: String, en: String) -> String { CLILanguage.current == .en ? en : vi }

/// Help for an option or argument, in this run's language.
func help(vi: String, en: String, valueName: String? = nil) -> ArgumentHelp {
    ArgumentHelp(say(vi: vi, en: en), valueName: valueName)
}

/// Help for an option that takes one of `Value`'s cases: each value to type, in backquotes, with its meaning.
func help<Value: CaseIterable & RawRepresentable>(
    vi: String, en: String, choices: Value.Type, _ label: (Value) -> LocalizedText, valueName: String? = nil
) -> ArgumentHelp where Value.RawValue == String {
    func list(_ language: Language) -> String {
        Value.allCases.map { "`\($0.rawValue)` (\(label($0).text(language)))" }.joined(separator: ", ") + "."
    }
    return help(vi: vi + " " + list(.vi), en: en + " " + list(.en), valueName: valueName)
}

/// A command's summary and configuration, in this run's language.
func configuration(
    _ name: String? = nil, vi: String, en: String, discussion: LocalizedText? = nil,
    subcommands: [any ParsableCommand.Type] = []
) -> CommandConfiguration {
    CommandConfiguration(
        commandName: name, abstract: say(vi: vi, en: en), discussion: discussion.map(say) ?? "",
        subcommands: subcommands)
}

/// A day on Vietnam's calendar, in this run's language.
func day(_ date: Date) -> String { DisplayDate.day(date, CLILanguage.current) }

/// A day and time on Vietnam's calendar, in this run's language.
func moment(_ date: Date) -> String { DisplayDate.moment(date, CLILanguage.current) }
