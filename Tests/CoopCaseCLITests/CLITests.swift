import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import Testing

@Suite struct CLITests {
    /// A seeded database and the CLI pointed at it.
    func seeded(_ body: @escaping (CLI, TestDatabase) async throws -> Void) async throws {
        try await TestDatabase.with { test in
            let cli = CLI(test: test)
            let seed = try await cli.run(["demo", "seed"])
            #expect(seed.status == 0, "\(seed.stderr)")
            try await body(cli, test)
        }
    }

    @Test func demoSeedReproducesTheArticleInReportSummaryAndIsIdempotent() async throws {
        try await seeded { cli, _ in
            let again = try await cli.run(["demo", "seed"])
            #expect(again.stdout.contains("không tạo trùng gì"))
            let summary = try await cli.json(["report", "summary", "--as", "thanhtra.son"]) as? [String: Any]
            let registry = summary?["registry"] as? [String: Any]
            #expect(registry?["cooperatives"] as? Int == 52)
            #expect(registry?["members"] as? Int == 1_242)
            #expect(registry?["workers"] as? Int == 708)
            #expect(registry?["averageRevenue"] as? Int == 468_000_000)
            let csv = try await cli.run(["report", "summary", "--as", "admin", "--format", "csv"])
            #expect(csv.stdout.contains("members,1242") && csv.stdout.contains("workers,708"))
            #expect(csv.stdout.contains("average_revenue_vnd,468000000"))
            let table = try await cli.run(["report", "summary", "--as", "admin"])
            #expect(table.stdout.contains("1.242") && table.stdout.contains("468.000.000"))
            let piped = try await cli.run(["demo", "seed"])
            #expect(!piped.stderr.contains("\u{1B}"), "no progress drawing when not on a terminal")
        }
    }

    @Test func officerAndApproverWorkAnApplicationFromTheCommandLine() async throws {
        try await seeded { cli, test in
            // htx02 already holds 2 of its 3 training seats (the cap), so it asks for one more.
            let created =
                try await cli.json([
                    "application", "create", "--as", "htx02", "--programme", "TAP-CDS-\(Self.year)", "--amount", "1",
                    "--purpose", "Cử 2 cán bộ đi tập huấn", "--document", "danh-sach-hoc-vien",
                ]) as? [String: Any]
            let ref = try #require(created?["reference"] as? String)
            #expect((created?["accessCode"] as? String)?.count == 9)
            for (arguments, state) in [
                (["submit", ref, "--as", "htx02"], "Đã nộp"),
                (["startReview", ref, "--as", "canbo.hoa"], "Đang thẩm định"),
                (
                    ["recommend", ref, "--as", "canbo.hoa", "--award", "--amount", "1", "--reason", "Đủ điều kiện"],
                    "Đã đề xuất"
                ),
            ] {
                let result = try await cli.run(["application"] + arguments)
                #expect(result.status == 0 && result.stdout.contains(state), "\(arguments): \(result.stderr)")
            }
            let refused = try await cli.run([
                "application", "approve", ref, "--as", "canbo.hoa", "--reason", "ok", "--legal-basis", "NQ 12",
                "--lang", "en",
            ])
            #expect(refused.status == 2)
            #expect(refused.stderr.contains("Forbidden: The role 'reviewing officer' may not do this: approve."))
            let stale = try await cli.run([
                "application", "approve", ref, "--as", "lanhdao.minh", "--reason", "ok", "--legal-basis", "NQ 12",
                "--if-version", "2", "--json",
            ])
            #expect(stale.status == 2 && stale.stderr.contains(#""code":"stale""#))
            let approved = try await cli.run([
                "application", "approve", ref, "--as", "lanhdao.minh", "--reason", "Đồng ý", "--legal-basis",
                "Nghị quyết 12/2025/NQ-HĐND", "--if-version", "4",
            ])
            #expect(approved.status == 0 && approved.stdout.contains("Đã phê duyệt"), "\(approved.stderr)")
            let history = try await cli.run(["application", "history", ref, "--as", "thanhtra.son"])
            #expect(history.stdout.contains("phê duyệt") && history.stdout.contains("dòng lệnh"))
            let bodies = try await cli.json(["application", "history", ref, "--as", "thanhtra.son"]) as? [String]
            #expect(bodies?.count == 5 && bodies?.allSatisfy { $0.contains("\"channel\":\"cli\"") } == true)
            let show = try await cli.run(["application", "show", ref, "--as", "canbo.nam"])
            #expect(show.stdout.contains("Bạn có thể: ghi nhận thực hiện (`fulfil`)"))
            let other = try await cli.run(["application", "show", ref, "--as", "htx03"])
            #expect(other.status == 2 && other.stderr.contains("Không tìm thấy hồ sơ này."))
            let list = try await cli.run(["application", "list", "--as", "htx02"])
            #expect(list.stdout.contains(ref))
            // The desk prints the receipt slip for the cooperative; the cooperative itself cannot.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("slip-\(UUID().uuidString).html")
            defer { try? FileManager.default.removeItem(at: file) }
            let slip = try await cli.run(["slip", "receipt", ref, "--as", "canbo.hoa", "--out", file.path])
            #expect(slip.status == 0, "\(slip.stderr)")
            let html = try String(contentsOf: file, encoding: .utf8)
            #expect(html.contains("Giấy tiếp nhận hồ sơ và hẹn trả kết quả") && html.contains("size: A5"))
            #expect(html.contains("Mã hồ sơ: \(ref)") && html.contains("danh-sach-hoc-vien"))
            let text = try await cli.json(["slip", "receipt", ref, "--as", "canbo.hoa"]) as? [String: Any]
            #expect((text?["text"] as? String)?.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ") == true)
            #expect(try await cli.run(["slip", "receipt", ref, "--as", "htx02"]).status == 2)
            #expect(try await cli.run(["slip", "bogus", ref, "--as", "canbo.hoa"]).status == 64)
        }
    }

    @Test func registryImportReportsBadLinesAndImportsAllOrNothing() async throws {
        try await seeded { cli, test in
            let good1 = Fixtures.code(700_001).value
            let good2 = Fixtures.code(700_002).value
            let header =
                "mã số thuế;tên;loại hình;ngành nghề;địa chỉ;ward_code;ward_name;province_code;province_name;thành viên;lao động;doanh thu;ngày thành lập;người liên hệ;máy tính;internet"
            let csv = [
                header,
                "\(good1);\"HTX Rau sạch; Duy Tân\";Hợp tác xã;Rau;Thôn 2;10650;Duy Tân;30;Hải Dương;12;6;350.000.000;01/03/2012;Ông Tư;có;không",
                "0100000001;HTX Sai mã;htx;Rau;Thôn 3;10650;Duy Tân;30;Hải Dương;8;3;100000000;2015-01-01;Bà Ba;không;có",
                "\(good2);HTX Gốm;cooperative;Gốm;Thôn 4;10651;Hiệp Sơn;30;Hải Dương;-4;3;100000000;2015-01-01;Bà Năm;0;1",
                "\(good1);HTX Trùng mã;cooperative;Rau;Thôn 5;10651;Hiệp Sơn;30;Hải Dương;9;3;100000000;31/02/2015;Bà Sáu;0;1",
                // Six things wrong in one row: every one is reported in the same run.
                "0100000001;;xyz;Rau;Thôn 6;10651;Hiệp Sơn;30;Hải Dương;-1;mười;100000000;99/99/2015;Bà Bảy;có;không",
            ].joined(separator: "\r\n")
            let path = try CLI.file(csv, bom: true)
            let count = { try await test.ownerScalar("SELECT count(*)::int FROM cooperatives", as: Int.self) ?? 0 }
            let before = try await count()

            let refused = try await cli.run(["cooperative", "import", path, "--as", "canbo.hoa"])
            #expect(refused.status == 65)
            // Columns are named as the file's header names them.
            #expect(refused.stderr.contains("registry.csv:3: mã số thuế: sai chữ số kiểm tra"))
            #expect(refused.stderr.contains("registry.csv:4: thành viên: phải là số nguyên từ 0"))
            #expect(refused.stderr.contains("registry.csv:5: ngày thành lập: phải là một ngày có thật"))
            let sixth = refused.stderr.split(separator: "\n").filter { $0.contains("registry.csv:6: ") }
            #expect(
                Set(sixth.map { $0.split(separator: ": ")[1] })
                    == ["mã số thuế", "tên", "loại hình", "thành viên", "lao động", "ngày thành lập"], "\(sixth)")
            #expect(refused.stderr.contains("không nhập gì"))
            #expect(try await count() == before)

            let dry = try await cli.run([
                "cooperative", "import", path, "--as", "canbo.hoa", "--dry-run", "--lang", "en",
            ])
            #expect(dry.status == 65, "a dry run that refuses rows says so in its exit code")
            #expect(dry.stdout.contains("1 rows would be imported, 4 refused"))
            #expect(try await count() == before)

            let partial = try await cli.run([
                "cooperative", "import", path, "--as", "canbo.hoa", "--skip-invalid", "--lang", "en",
            ])
            #expect(partial.status == 0 && partial.stdout.contains("Imported 1 cooperatives; 4 rows skipped"))
            #expect(try await count() == before + 1)
            let imported = try await cli.json(["cooperative", "show", good1, "--as", "canbo.hoa"]) as? [String: Any]
            #expect(imported?["name"] as? String == "HTX Rau sạch; Duy Tân")
            #expect(imported?["annualRevenue"] as? Int == 350_000_000)

            let again = try await cli.run(["cooperative", "import", path, "--as", "canbo.hoa", "--skip-invalid"])
            #expect(again.stderr.contains("đã có trong sổ đăng ký"))
            #expect(try await count() == before + 1)

            let search = try await cli.run([
                "cooperative", "list", "hop tac xa nong nghiep an luu", "--as", "canbo.hoa",
            ])
            #expect(search.stdout.contains("Hợp tác xã") && search.stdout.contains("An Lưu"))

            let applicant = try await cli.run(["cooperative", "import", path, "--as", "htx01"])
            #expect(applicant.status == 2 && applicant.stderr.contains("quản lý sổ đăng ký hợp tác xã"))
            #expect(!applicant.stderr.contains("manageCooperatives"))
            let broken = try await cli.run([
                "cooperative", "import", try CLI.file("name,colour\nx,y\n"), "--as", "admin",
            ])
            #expect(broken.status == 65 && broken.stderr.contains("cột không nhận ra: colour"))
        }
    }

    @Test func usersProgrammesAndWorkflowCommands() async throws {
        try await seeded { cli, test in
            let short = try await cli.run(
                [
                    "user", "add", "new.officer", "--role", "officer", "--name", "Cán bộ mới", "--password-stdin",
                    "--as", "admin",
                ],
                stdin: "short\n")
            #expect(short.status == 64)
            let added = try await cli.run(
                [
                    "user", "add", "new.officer", "--role", "officer", "--name", "Cán bộ mới", "--password-stdin",
                    "--as", "admin",
                ],
                stdin: "một mật khẩu đủ dài\n")
            #expect(added.status == 0, "\(added.stderr)")
            let stored = try await test.ownerScalar(
                "SELECT password_hash FROM users WHERE username = 'new.officer'", as: String.self)
            #expect(stored?.hasPrefix("$2b$04$") == true, "at the configured cost")
            let seeded = try await test.ownerScalar(
                "SELECT count(*)::int FROM users WHERE password_hash NOT LIKE '$2b$04$%'", as: Int.self)
            #expect(seeded == 0, "the demo seed hashes at the configured cost too")
            let notAdmin = try await cli.run(["user", "list", "--as", "canbo.hoa"])
            #expect(notAdmin.status == 2)
            #expect(try await cli.run(["user", "disable", "new.officer", "--as", "admin"]).status == 0)
            let disabled = try await cli.run(["report", "summary", "--as", "new.officer"])
            #expect(disabled.status == 2 && disabled.stderr.contains("Không tìm thấy người dùng"))

            let definition = try CLI.file(
                """
                {"code":"TAP-2027","name":{"vi":"Tập huấn 2027","en":"Training 2027"},"kind":"training","fiscalYear":2027,
                 "opensAt":"2027-01-01T00:00:00Z","closesAt":"2027-06-30T00:00:00Z","budget":60,"ceilingPerApplication":3,
                 "terms":{"sessions":3,"capacity":60},"requiredDocuments":[],"reviewDeadlineWorkingDays":5,
                 "rules":[{"rule":"minMembers","value":7}]}
                """, name: "programme.json")
            let created = try await cli.run(["programme", "add", definition, "--as", "admin"])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(
                try await cli.run(["programme", "open", "TAP-2027", "--as", "admin"]).stdout.contains("đang nhận hồ sơ")
            )
            let budget = try await cli.run(["programme", "budget", "TAP-2027", "--as", "canbo.hoa"])
            #expect(budget.stdout.contains("còn lại") && budget.stdout.contains("60"))
            let again = try await cli.run(["programme", "open", "TAP-2027", "--as", "admin"])
            #expect(again.status == 2 && again.stderr.contains("Trạng thái"))

            let listed = try await cli.run(["programme", "list", "--as", "htx01", "--lang", "en"])
            #expect(listed.stdout.contains("TAP-2027") && listed.stdout.contains("Training"))
            let shown = try await cli.json(["programme", "show", "TAP-2027", "--as", "canbo.hoa"]) as? [String: Any]
            #expect((shown?["rules"] as? [String: Any])?["version"] as? Int == 1)
            #expect(
                try await cli.run(["programme", "close", "TAP-2027", "--as", "admin", "--lang", "en"]).stdout.contains(
                    "is now closed"))

            let code = Fixtures.code(810_001).value
            let registered = try await cli.run([
                "cooperative", "add", "--as", "canbo.nam", "--code", code, "--name", "Hợp tác xã Mây tre Hoành Sơn",
                "--sector", "Mây tre đan", "--street", "Thôn 6", "--ward", "10610:Hoành Sơn",
                "--province", "30:Tỉnh Hải Dương", "--members", "15", "--workers", "9", "--revenue", "410000000",
                "--founded", "2009-05-12", "--contact", "Ông Hải", "--has", "internet,salesSoftware",
            ])
            #expect(registered.status == 0, "\(registered.stderr)")
            let registeredShown = try await cli.run(["cooperative", "show", code, "--as", "canbo.nam"])
            #expect(registeredShown.stdout.contains("internet ✓") && registeredShown.stdout.contains("máy tính ✗"))
            let badCode = try await cli.run([
                "cooperative", "add", "--as", "canbo.nam", "--code", "123", "--name", "X", "--sector", "X", "--street",
                "X", "--ward", "1:X", "--province", "30:X", "--members", "1", "--workers", "1", "--revenue", "1",
                "--founded", "2009-05-12", "--contact", "X",
            ])
            #expect(badCode.status == 2 && badCode.stderr.contains("Mã số: phải gồm 10 chữ số"))

            var environment = cli
            environment.actor = "thanhtra.son"
            #expect(try await environment.run(["audit", "verify"]).status == 0)

            let dot = try await cli.run(["workflow", "--format", "dot"])
            // One edge per state a transition leaves from (a code can be reissued in every state).
            let edges = Workflow.transitions.reduce(0) { $0 + max($1.from.count, 1) }
            #expect(dot.stdout.components(separatedBy: " -> ").count - 1 == edges && edges == 35)
            let status = try await cli.run(["migrate", "--status"])
            #expect(status.stdout.contains("0001_init.sql") && status.stdout.contains("0002_"))
            let noActor = try await cli.run(["report", "summary"])
            #expect(noActor.status == 64 && noActor.stderr.contains("--as"))
        }
    }

    static var year: Int { Calendar(identifier: .gregorian).component(.year, from: Date()) }
}
