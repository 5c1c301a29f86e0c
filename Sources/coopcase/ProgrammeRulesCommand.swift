import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation

extension ProgrammeCommand {
    struct Rules: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            "rules",
            vi:
                "Ban hành phiên bản điều kiện mới từ tệp JSON `{\"rules\": [...]}` (quản trị); hồ sơ đã nộp giữ phiên bản cũ.",
            en:
                "Issue a new eligibility rule version from a JSON file `{\"rules\": [...]}` (admin); submitted applications keep theirs."
        )
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Mã chương trình.", en: "Programme code.")) var code: String
        @Argument(help: help(vi: "Tệp điều kiện.", en: "The rules file.")) var file: String

        struct File: Decodable { var rules: [EligibilityRule] }

        func run() async throws {
            let settings = try await Settings.load(options)
            guard let data = FileManager.default.contents(atPath: file) else {
                printError(say(vi: "Không đọc được tệp \(file).", en: "Cannot read \(file)."))
                throw ExitCode.noInput
            }
            let rules: [EligibilityRule]
            do {
                rules = try JSONDecoder().decode(File.self, from: data).rules
            } catch let error as DecodingError {
                printError("\(file): " + Add.describe(error))
                throw ExitCode.dataError
            }
            let version = try await withDatabase(settings) { service in
                try await service.programmes.replaceRules(
                    code: code, rules: rules, by: try await requireActor(settings, service))
            }
            if settings.json { return try printJSON(["version": version]) }
            print(
                say(
                    vi: "Đã ban hành phiên bản điều kiện \(version) của \(code); áp dụng cho hồ sơ nộp từ nay.",
                    en: "Issued rule version \(version) of \(code); it applies to submissions from now on."))
        }
    }

    struct RuleVersions: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            "rule-versions", vi: "Mọi phiên bản điều kiện của một chương trình.",
            en: "Every eligibility rule version of a programme.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Mã chương trình.", en: "Programme code.")) var code: String

        func run() async throws {
            let settings = try await Settings.load(options)
            let versions = try await withDatabase(settings) { service in
                try await service.programmes.ruleVersions(code: code, by: try await requireActor(settings, service))
            }
            if settings.json { return try printJSON(versions) }
            for set in versions {
                // The rules as the contract writes them: the names are the stable ones refusals cite.
                let rules = String(decoding: try JSONCoding.canonical.encode(set.rules), as: UTF8.self)
                print(say(vi: "Phiên bản \(set.version): ", en: "Version \(set.version): ") + rules)
            }
        }
    }
}
