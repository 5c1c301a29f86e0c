import CoopCaseTestSupport
import Foundation
import Testing

/// Every command speaks one language per run: Vietnamese by default, English with `--lang en`. Each command's output
/// (tables, messages, refusals, help) is rendered in both, and neither holds a phrase of the other.
@Suite struct LanguageCLITests {
    /// Phrases the commands print in English; none may appear in a Vietnamese run.
    static let english = [
        "requested", "Requested", "version", "You may", "you may", "review due", "Review due", "Created", "reference",
        "programme", "state", "amount", "updated", "action", "role", "Cooperative registry", "figure", "members",
        "workers", "budget", "reserved", "committed", "spent", "available", "Signing key", "Checkpoint", "applications",
        "events", "Imported", "Dry run", "BROKEN", "Not found", "Forbidden", "Invalid", "Stale", "underReview",
        "needsInfo", "recommended", "submitted", "approved", "Database", "Registered", "Disabled", "Password",
        "Exported", "Bundle", "Average working days", "username", "manageCooperatives", "readRegistry", "verifyAudit",
        "officer", "approver", "auditor", "applicant", "lender", "Reason", "Legal basis", "Amount", "Programme code",
        "Refuse if", "Act as", "Language of", "Print machine", "Configuration file", "Log level", "is required",
        "must be", "pending", "Applied", "up to date", "Demo data", "seats",
    ]
    /// Phrases the commands print in Vietnamese; none may appear in an English run.
    static let vietnamese = [
        "hồ sơ", "Hồ sơ", "trạng thái", "Trạng thái", "phiên bản", "Bạn có thể", "Đề nghị", "Hạn thẩm định",
        "thành viên", "ngân sách", "Không tìm thấy", "Không có quyền", "Đã tạo", "số tham chiếu", "chương trình",
        "Chương trình", "cập nhật", "thao tác", "người thực hiện", "vai trò", "kênh", "mã băm", "Đã thẩm định",
        "Đang thẩm định", "Đã nộp", "Đã phê duyệt", "đồng", "chỗ", "đã giữ",
        "còn lại", "Lý do", "Căn cứ", "Thực hiện với", "Ngôn ngữ", "Tệp cấu hình", "bắt buộc", "phải là", "còn chờ",
        "Đã áp dụng", "Dữ liệu minh hoạ", "Điểm kiểm", "điểm kiểm", "sự kiện", "Đã xuất", "Gói hợp lệ", "HỎNG",
        "Số ngày làm việc", "Danh bạ", "lao động",
    ]

    /// Without what is the same in every language: the lines argument-parser itself prints around our help (its own
    /// words are English in every run), option names and `<placeholders>`, values to type (`in backquotes`), file
    /// paths, and the names of migration files.
    static func withoutSyntax(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            !["OVERVIEW:", "USAGE:", "ARGUMENTS:", "OPTIONS:", "SUBCOMMANDS:", "See 'coopcase help"].contains {
                line.trimmingCharacters(in: .whitespaces).hasPrefix($0)
            } && !line.contains("Show help information.")
        }
        return lines.joined(separator: "\n")
            .replacing(/`[^`]*`/, with: "").replacing(/\(default: [^)]*\)/, with: "").replacing(/--[a-z-]+/, with: "")
            .replacing(/<[^>]*>/, with: "")
            .replacing(/[\/\w.-]*\/[\w.-]+/, with: "").replacing(/\d{4}_\w+\.sql/, with: "")
    }

    static func phrases(of others: [String], in text: String) -> [String] {
        others.filter { phrase in
            // Whole words only: "state" must not match inside "statement", nor "chỗ" inside another word.
            text.ranges(of: phrase).contains { range in
                let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
                let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
                return !(before.map { $0.isLetter || $0 == "_" } ?? false)
                    && !(after.map { $0.isLetter || $0 == "_" } ?? false)
            }
        }
    }

    @Test func everyCommandSpeaksOneLanguage() async throws {
        try await TestDatabase.with { test in
            let cli = CLI(test: test)
            #expect(try await cli.run(["demo", "seed"]).status == 0)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coopcase-lang-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let reference = try #require(
                (try await cli.json(["application", "list", "--as", "canbo.hoa", "--state", "underReview"])
                    as? [[String: Any]])?.first?["reference"] as? String)
            // Problems name columns as the file's header does: a Vietnamese header for the Vietnamese run.
            let row = "0100000001;X;htx;Rau;Thôn 1;1;Phường A;31;Hải Phòng;-1;x;abc;31/02/2015;\n"
            let headers = [
                "vi":
                    "mã số thuế;tên;loại hình;ngành nghề;địa chỉ;mã phường;tên phường;mã tỉnh;tên tỉnh;thành viên;lao động;doanh thu;ngày thành lập;người liên hệ\n",
                "en":
                    "code;name;kind;sector;street;ward_code;ward_name;province_code;province_name;members;workers;annual_revenue;founded;contact_person\n",
            ]
            for language in ["vi", "en"] {
                let csv = try CLI.file(headers[language]! + row)
                let key = folder.appendingPathComponent("key-\(language)").path
                let runs: [[String]] = [
                    ["application", "list", "--as", "canbo.hoa"],
                    ["application", "show", reference, "--as", "canbo.hoa"],
                    ["application", "history", reference, "--as", "thanhtra.son"],
                    ["application", "show", reference, "--as", "htx52"],
                    ["application", "approve", reference, "--as", "canbo.hoa", "--reason", "x", "--legal-basis", "y"],
                    [
                        "application", "requestInfo", reference, "--as", "canbo.hoa", "--message", "Bổ sung",
                        "--if-version", "1",
                    ],
                    ["application", "recomend", reference],
                    ["report", "summary", "--as", "admin"],
                    ["programme", "list", "--as", "admin"],
                    ["programme", "budget", "TAP-CDS-\(CLITests.year)", "--as", "canbo.hoa"],
                    ["cooperative", "list", "an luu", "--as", "canbo.hoa"],
                    ["cooperative", "import", csv, "--as", "canbo.hoa", "--dry-run"],
                    ["cooperative", "import", csv, "--as", "htx01"],
                    ["user", "list", "--as", "admin"],
                    ["user", "list", "--as", "canbo.hoa"],
                    ["workflow"],
                    ["migrate", "--status"],
                    ["audit", "keygen", "--out", key],
                    ["audit", "checkpoint", "--key", key, "--as", "thanhtra.son"],
                    ["audit", "verify", "--as", "thanhtra.son"],
                    [
                        "export", "case-histories", "--out", folder.appendingPathComponent("export-\(language)").path,
                        "--as", "thanhtra.son",
                    ],
                    ["audit", "verify", "--bundle", folder.appendingPathComponent("export-\(language)").path],
                    ["report", "summary"],
                    ["application", "recommend", "--help"],
                    ["application", "close", "--help"],
                    ["cooperative", "import", "--help"],
                    ["user", "add", "--help"],
                ]
                for arguments in runs {
                    let result = try await cli.run(arguments + ["--lang", language])
                    let output = Self.withoutSyntax(result.stdout + "\n" + result.stderr)
                    #expect(
                        !output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(arguments) said nothing")
                    let foreign = Self.phrases(of: language == "vi" ? Self.english : Self.vietnamese, in: output)
                    #expect(foreign.isEmpty, "\(language) \(arguments): \(foreign)\n\(output)")
                }
            }
        }
    }
}
