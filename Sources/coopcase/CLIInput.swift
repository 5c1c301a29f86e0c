import ArgumentParser
import CoopCaseDomain
import Foundation

/// The UTF-8 text of `file`; when it cannot be read, says so and exits 66.
func readText(_ file: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
        printError(say(vi: "Không đọc được tệp \(file) (UTF-8).", en: "Cannot read \(file) (UTF-8)."))
        throw ExitCode.noInput
    }
    return text
}

/// `text` as a day, `YYYY-MM-DD`; a usage error otherwise.
func parseDay(_ text: String) throws -> CivilDay {
    guard let day = CalendarCSV.day(text) else {
        throw ValidationError(say(vi: "Ngày phải có dạng YYYY-MM-DD.", en: "The day must be YYYY-MM-DD."))
    }
    return day
}
