import CoopCaseDomain
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import CoopCaseAPI

/// The officers' workspace through the real router: who gets which page, forms that must not change anything, and
/// sessions that end when they should.
@Suite struct WorkspaceTests {
    /// A browser signed in as `caller`: staff through the sign-in page; cooperatives and lenders, whom the page
    /// refuses, with a workspace session made directly, to show the pages refuse them too.
    static func browser(_ api: API, as caller: Caller) async throws -> WorkspaceClient {
        let browser = WorkspaceClient(api)
        let usernames: [Caller: String] = [
            .applicant: api.world.cast.applicant.username, .otherApplicant: api.otherApplicant.username,
            .officer: api.world.cast.officer.username, .approver: api.world.cast.approver.username,
            .auditor: api.world.cast.auditor.username, .lender: api.world.cast.lender.username,
            .admin: api.world.cast.admin.username,
        ]
        guard let username = usernames[caller] else { return browser }
        let signIn = try await browser.signIn(username)
        if [.applicant, .otherApplicant, .lender].contains(caller) {
            #expect(signIn.status == 403 && signIn.text.contains("Trang này dành cho cán bộ"), "\(caller)")
            #expect(browser.cookies[WorkspaceSession.sessionCookie] == nil)
            let session = try #require(
                try await api.world.test.service.sessions.signIn(
                    username: username, password: API.password, decoyCost: 4, lifetime: .seconds(3600),
                    idle: .seconds(600)))
            browser.cookies[WorkspaceSession.sessionCookie] = session.token
        } else {
            #expect(signIn.status == 303 && signIn.headers[.location] == "/workspace", "\(caller): \(signIn.status)")
        }
        return browser
    }

    @Test func everyPageAnswersEachRoleExactly() async throws {
        try await API.with { api in
            let application = try await api.world.act(.submit, try await api.world.draft())
            let ref = application.reference.value
            let id = api.world.cooperative.id.uuidString.lowercased()
            let staff: [Caller: Int] = [.officer: 200, .approver: 200, .auditor: 200, .admin: 200]
            let refused: [Caller: Int] = [.anonymous: 303, .applicant: 403, .otherApplicant: 403, .lender: 403]
            let routes: [(String, [Caller: Int])] = [
                ("/workspace", staff.merging(refused) { $1 }),
                ("/workspace?state=submitted&q=hop%20tac", staff.merging(refused) { $1 }),
                ("/workspace/applications/\(ref)", staff.merging(refused) { $1 }),
                ("/workspace/cooperatives?q=hop", staff.merging(refused) { $1 }),
                ("/workspace/cooperatives/\(id)", staff.merging(refused) { $1 }),
                ("/workspace/programmes", staff.merging(refused) { $1 }),
                (
                    "/workspace/export",
                    [.auditor: 200, .admin: 200, .officer: 403, .approver: 403].merging(refused) { $1 }
                ),
                (
                    "/workspace/users",
                    [.admin: 200, .officer: 403, .approver: 403, .auditor: 403].merging(refused) { $1 }
                ),
            ]
            var checked = 0
            for caller in Caller.allCases {
                let browser = try await Self.browser(api, as: caller)
                for (path, expected) in routes {
                    let reply = try await browser.get(path)
                    #expect(reply.status == expected[caller], "\(path) as \(caller): \(reply.status)")
                    if reply.status == 303 {
                        #expect(reply.headers[.location]?.hasPrefix("/workspace/sign-in") == true)
                    }
                    if reply.status == 200 {
                        #expect(reply.headers[.contentSecurityPolicy]?.hasPrefix("default-src 'none'") == true)
                        #expect(reply.text.contains("<html lang=\"vi\">"))
                    }
                    checked += 1
                }
                // A form needs a signed-in member of staff and its form token, before anything else is read.
                let form = try await browser.post("/workspace/users", [("username", "x")])
                #expect(form.status == (caller == .anonymous ? 303 : 403), "users form as \(caller)")
                checked += 1
            }
            #expect(checked == Caller.allCases.count * (routes.count + 1))
            print("workspace matrix: \(routes.count + 1) routes × \(Caller.allCases.count) callers = \(checked) checks")
        }
    }

    /// Whatever a registry entry or a request holds is printed as text: in the queue's rows (written in Swift), in
    /// the case page and in the registry (written through the templates), never as markup.
    @Test func whatAnEntryHoldsIsPrintedAsTextOnEveryPage() async throws {
        try await API.with { api in
            let hostile = #"<script>alert("x")</script> & 'HTX' <b>"#
            let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;HTX&#39; &lt;b&gt;"
            try await api.world.test.owner.query(
                "UPDATE cooperatives SET name = \(hostile) WHERE id = \(api.world.cooperative.id)")
            let application = try await api.world.act(.submit, try await api.world.draft())
            let officer = try await Self.browser(api, as: .officer)
            let id = api.world.cooperative.id.uuidString.lowercased()
            for path in [
                "/workspace", "/workspace/applications/\(application.reference.value)", "/workspace/cooperatives/\(id)",
            ] {
                let page = try await officer.get(path)
                #expect(page.status == 200, "\(path)")
                #expect(page.text.contains(escaped), "\(path)")
                #expect(!page.text.contains("<script") && !page.text.contains("<b>"), "\(path)")
            }
        }
    }

    @Test func aFormWithoutItsTokenOrBuiltOnAnOldVersionChangesNothing() async throws {
        try await API.with { api in
            let application = try await api.world.act(.submit, try await api.world.draft())
            let ref = application.reference.value
            let officer = try await Self.browser(api, as: .officer)
            let page = try await officer.get("/workspace/applications/\(ref)")
            let token = try WorkspaceClient.hidden("form", in: page.text)
            let version = try WorkspaceClient.hidden("version", in: page.text)
            #expect(page.text.contains("action=\"/workspace/applications/\(ref)/startReview\""))
            let other = try await Self.browser(api, as: .admin)
            let foreign = try WorkspaceClient.hidden("form", in: try await other.get("/workspace").text)
            let before = try await api.footprint()
            let missing = try await officer.post("/workspace/applications/\(ref)/startReview", [("version", version)])
            #expect(missing.status == 403 && missing.text.contains("Biểu mẫu không hợp lệ"))
            let forged = try await officer.post(
                "/workspace/applications/\(ref)/startReview",
                [("form", String(repeating: "0", count: 64)), ("version", version)])
            #expect(forged.status == 403)
            // Another session's token is not this one's.
            #expect(
                try await officer.post(
                    "/workspace/applications/\(ref)/startReview", [("form", foreign), ("version", version)]
                )
                .status == 403)
            #expect(try await api.footprint() == before)
            // Someone else moves the application on; the form built on the old version changes nothing and says so.
            _ = try await api.world.act(.startReview, application)
            let moved = try await api.footprint()
            let stale = try await officer.post(
                "/workspace/applications/\(ref)/requestInfo",
                [("form", token), ("version", version), ("message", "Bổ sung báo giá")])
            #expect(stale.status == 412 || stale.status == 409, "\(stale.status)")
            #expect(
                stale.text.contains("Hồ sơ đã được cập nhật") && stale.text.contains("Không có thay đổi nào được lưu"))
            #expect(try await api.footprint() == moved)
            // With the current version the same form works, and the event says where it came from.
            let current = try WorkspaceClient.hidden(
                "version", in: try await officer.get("/workspace/applications/\(ref)").text)
            let done = try await officer.post(
                "/workspace/applications/\(ref)/requestInfo",
                [("form", token), ("version", current), ("message", "Bổ sung báo giá")])
            #expect(done.status == 303 && done.headers[.location] == "/workspace/applications/\(ref)?done=requestInfo")
            let events = try await api.world.applications.events(reference: ref, by: api.world.cast.auditor)
            #expect(events.last?.action == .requestInfo && events.last?.channel == .web)
            #expect(try await officer.get(done.headers[.location]!).text.contains("Đã thực hiện: yêu cầu bổ sung"))
        }
    }

    @Test func aRefusalNamesItsRuleInPlainWords() async throws {
        try await API.with { api in
            var application = try await api.world.act(.submit, try await api.world.draft())
            application = try await api.world.act(.startReview, application)
            application = try await api.world.act(.recommend, application)
            // The officer who recommended cannot approve: not their role, said in words, nothing saved.
            let approver = try await Self.browser(api, as: .approver)
            let ref = application.reference.value
            let page = try await approver.get("/workspace/applications/\(ref)")
            let token = try WorkspaceClient.hidden("form", in: page.text)
            let before = try await api.footprint()
            let over = try await approver.post(
                "/workspace/applications/\(ref)/approve",
                [
                    ("form", token), ("version", String(application.version)), ("amount", "999.000.000.000"),
                    ("reason", "Đồng ý"), ("legalBasis", "Nghị quyết 12/2025/NQ-HĐND"),
                ])
            #expect(over.status == 422, "\(over.status)")
            #expect(over.text.contains("Không có thay đổi nào được lưu") && !over.text.contains("aboveRecommended"))
            let huge = try await approver.post(
                "/workspace/applications/\(ref)/approve",
                [("form", token), ("version", String(application.version)), ("amount", "99999999999999999999")])
            #expect(huge.status == 400 || huge.status == 422, "\(huge.status)")
            #expect(try await api.footprint() == before)
        }
    }

    @Test func anOfficerEditsARegistryEntryAndAStaleFormChangesNothing() async throws {
        try await API.with { api in
            let id = api.world.cooperative.id.uuidString.lowercased()
            let officer = try await Self.browser(api, as: .officer)
            let page = try await officer.get("/workspace/cooperatives/\(id)")
            let token = try WorkspaceClient.hidden("form", in: page.text)
            let version = try WorkspaceClient.hidden("version", in: page.text)
            func fields(_ version: String, members: String) -> [(String, String)] {
                [
                    ("form", token), ("version", version), ("name", api.world.cooperative.name),
                    ("members", members), ("workers", "12"), ("annualRevenue", "500.000.000"),
                    ("street", "Thôn 3"), ("person", "Nguyễn Văn A"), ("phone", "0220 3800 000"),
                ]
            }
            let saved = try await officer.post("/workspace/cooperatives/\(id)/edit", fields(version, members: "27"))
            #expect(saved.status == 303 && saved.headers[.location] == "/workspace/cooperatives/\(id)?done=edit")
            let entry = try await api.world.service.cooperatives.get(id: api.world.cooperative.id)
            #expect(entry.members == 27 && entry.annualRevenue == 500_000_000 && entry.address.street == "Thôn 3")
            let history = try await api.world.service.cooperatives.history(
                id: api.world.cooperative.id, by: api.world.cast.auditor)
            #expect(history.last?.username == api.world.cast.officer.username)
            #expect(history.last?.changes.contains { $0.field == "members" && $0.to == "27" } == true)
            // The same form again, on the version it was built on: someone changed the entry first.
            let before = try await api.footprint()
            let stale = try await officer.post("/workspace/cooperatives/\(id)/edit", fields(version, members: "99"))
            #expect(stale.status == 412 && stale.text.contains("Không có thay đổi nào được lưu"))
            #expect(try await api.world.service.cooperatives.get(id: api.world.cooperative.id).members == 27)
            #expect(try await api.footprint() == before)
            // An approver reads the registry but does not edit it.
            let approver = try await Self.browser(api, as: .approver)
            let read = try await approver.get("/workspace/cooperatives/\(id)")
            #expect(read.status == 200 && !read.text.contains("/edit\""))
            let approverToken = try WorkspaceClient.hidden("form", in: read.text)
            var forged = fields("2", members: "1")
            forged[0] = ("form", approverToken)
            #expect(try await approver.post("/workspace/cooperatives/\(id)/edit", forged).status == 403)
        }
    }

    @Test func sessionsEndAtSignOutWhenIdleAndWhenTheUserIsDisabled() async throws {
        try await API.with(config: ["office.publicAddress": "https://hotro.example.vn"]) { api in
            let officer = WorkspaceClient(api)
            let signedIn = try await officer.signIn(api.world.cast.officer.username)
            let cookie = try #require(
                signedIn.headers[values: .setCookie].first { $0.hasPrefix(WorkspaceSession.sessionCookie + "=") })
            for part in ["HttpOnly", "SameSite=Strict", "Secure", "Path=/workspace", "Max-Age="] {
                #expect(cookie.contains(part), "\(part) in \(cookie)")
            }
            let token = try #require(officer.cookies[WorkspaceSession.sessionCookie])
            // Not a bearer token, and a bearer token is not a cookie.
            let bearer = try await api.client.execute(
                uri: "/v1/applications", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect(bearer.status == .unauthorized)
            let borrowed = WorkspaceClient(api)
            borrowed.cookies[WorkspaceSession.sessionCookie] = api.tokens[.officer]
            #expect(try await borrowed.get("/workspace").status == 303)
            #expect(try await officer.get("/workspace").status == 200)

            // Idle too long: the table's mark moved back, and servers told to forget what they remember of sessions
            // (as any change to a session or user tells them).
            try await api.world.test.owner.query("UPDATE web_sessions SET last_seen_at = now() - interval '31 minutes'")
            try await api.world.test.owner.query("SELECT pg_notify('coopcase_sessions', 'web_sessions')")
            var idle = try await officer.get("/workspace")
            for _ in 0..<600 where idle.status == 200 {
                try await Task.sleep(for: .milliseconds(50))
                idle = try await officer.get("/workspace")
            }
            #expect(idle.status == 303 && idle.headers[.location] == "/workspace/sign-in?ended=1")

            // Disabled: the next click stops.
            try await officer.signIn(api.world.cast.officer.username)
            #expect(try await officer.get("/workspace").status == 200)
            let disabled = try await api.send(
                .post, "/v1/users/\(api.world.cast.officer.username)/disable", as: .admin)
            #expect(disabled.status == 204)
            #expect(try await officer.get("/workspace").status == 303)
            #expect(try await officer.signIn(api.world.cast.officer.username).status == 403)

            // Signing out ends the session for good.
            let approver = try await Self.browser(api, as: .approver)
            let page = try await approver.get("/workspace")
            let kept = try #require(approver.cookies[WorkspaceSession.sessionCookie])
            let out = try await approver.post(
                "/workspace/sign-out", [("form", try WorkspaceClient.hidden("form", in: page.text))])
            #expect(out.status == 303 && approver.cookies[WorkspaceSession.sessionCookie] == nil)
            approver.cookies[WorkspaceSession.sessionCookie] = kept
            #expect(try await approver.get("/workspace").status == 303)
        }
    }

    @Test func whatAClientSendsIsAnsweredWithAPageNeverAFault() async throws {
        try await API.with { api in
            let officer = try await Self.browser(api, as: .officer)
            let ref = try await api.world.draft().reference.value
            let before = try await api.footprint()
            let probes: [(String, Int)] = [
                ("/workspace?state=bogus", 422), ("/workspace?q=" + String(repeating: "a", count: 201), 422),
                ("/workspace?after=garbage", 422), ("/workspace?q=%FF", 400),
                ("/workspace?q=%00", 400), ("/workspace/applications/NO-SUCH-REF", 404),
                ("/workspace/cooperatives/not-a-uuid", 404),
                ("/workspace/cooperatives/\(UUID().uuidString)", 404),
                ("/workspace/language?to=en&next=//evil.example", 303),
                ("/workspace?programme=" + String(repeating: "x", count: 5000), 200),
            ]
            for (path, status) in probes {
                let reply = try await officer.get(path)
                #expect(reply.status == status, "\(path.prefix(60)): \(reply.status)")
            }
            let away = try await officer.get("/workspace/language?to=en&next=https://evil.example/")
            #expect(away.headers[.location] == "/workspace")
            let token = try WorkspaceClient.hidden("form", in: try await officer.get("/workspace").text)
            let bodies: [(String, Int)] = [
                ("form=\(token)&version=%FF", 400), ("form=\(token)&version=1%00", 400),
                ("form=\(token)&version=" + String(repeating: "9", count: 40), 422),
                ("form=\(token)&" + String(repeating: "a", count: 20_000), 413),
            ]
            for (body, status) in bodies {
                let reply = try await officer.send(.post, "/workspace/applications/\(ref)/startReview", body: body)
                #expect(reply.status == status, "\(body.prefix(60)): \(reply.status)")
            }
            var invalid = Array("form=\(token)&version=1&reason=".utf8)
            invalid.append(contentsOf: [0xC3, 0x28])
            let raw = try await officer.send(
                .post, "/workspace/applications/\(ref)/startReview", body: nil, bytes: invalid)
            #expect(raw.status == 400, "invalid UTF-8: \(raw.status)")
            #expect(try await api.footprint() == before)
        }
    }
}

@Suite struct WorkspaceTextTests {
    @Test func bothLanguagesSayEveryThingAndNeitherIsEmpty() {
        #expect(Set(WorkspaceText.vi.keys) == Set(WorkspaceText.en.keys))
        #expect(
            WorkspaceText.vi.values.allSatisfy { !$0.isEmpty } && WorkspaceText.en.values.allSatisfy { !$0.isEmpty })
    }
}
