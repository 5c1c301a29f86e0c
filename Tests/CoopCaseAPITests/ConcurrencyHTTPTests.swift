import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import CoopCaseAPI
@testable import CoopCaseService

@Suite struct ConcurrencyHTTPTests {
    @Test func ifMatchIsRequiredAndChecked() async throws {
        try await API.with { api in
            let ref = try await api.world.draft().reference.value
            let path = "/v1/applications/\(ref)/actions/submit"
            let missing = try await api.send(.post, path, as: .applicant)
            #expect(missing.status == 428 && missing.code == "preconditionRequired")
            // Another cooperative's reference is not found, whatever the headers and body say; the body (read by the
            // programme's kind) is judged only for those who may see the application.
            let hidden = try await api.send(.post, path, as: .otherApplicant)
            #expect(hidden.status == 404 && hidden.code == "notFound")
            let fulfil = "/v1/applications/\(ref)/actions/fulfil"
            let evidence = #"{"evidence":{}}"#
            let hiddenBad = try await api.send(
                .post, fulfil, as: .otherApplicant, json: evidence, headers: ["If-Match": "\"1\""])
            #expect(hiddenBad.status == 404 && hiddenBad.code == "notFound")
            let ownBad = try await api.send(
                .post, fulfil, as: .applicant, json: evidence, headers: ["If-Match": "\"1\""])
            #expect(ownBad.status == 422 && ownBad["field"] as? String == "evidence.items", "\(ownBad.status)")
            let garbage = try await api.send(.post, path, as: .applicant, headers: ["If-Match": "yesterday"])
            #expect(garbage.status == 400 && garbage["field"] as? String == "If-Match")
            let stale = try await api.send(.post, path, as: .applicant, headers: ["If-Match": "\"7\""])
            #expect(stale.status == 412 && stale.code == "stale")
            // If-Match compares strongly: a weak tag never matches, and nothing changes.
            let before = try await api.footprint()
            let weak = try await api.send(.post, path, as: .applicant, headers: ["If-Match": "W/\"1\""])
            #expect(weak.status == 412 && weak.code == "stale")
            #expect(try await api.footprint() == before)
            let strong = try await api.send(.post, path, as: .applicant, headers: ["If-Match": "\"1\""])
            #expect(strong.status == 200 && strong.headers[.eTag] == "\"2\"")
        }
    }

    @Test func idempotencyKeyReplaysTheStoredResponseAndRefusesAnotherBody() async throws {
        try await API.with { api in
            let create =
                #"{"programme":"\#(api.world.programme.code)","request":{"amount":7000000,"purpose":"Máy in"}}"#
            let first = try await api.send(
                .post, "/v1/applications", as: .applicant, json: create, headers: ["Idempotency-Key": "tao-1"])
            let again = try await api.send(
                .post, "/v1/applications", as: .applicant, json: create, headers: ["Idempotency-Key": "tao-1"])
            #expect(first.status == 201 && again.status == 201)
            let firstApplication = first["application"] as? [String: Any]
            let againApplication = again["application"] as? [String: Any]
            #expect(firstApplication?["reference"] as? String == againApplication?["reference"] as? String)
            #expect(firstApplication?["createdAt"] as? String == againApplication?["createdAt"] as? String)
            #expect(first["accessCode"] != nil && again["accessCode"] == nil, "the access code is never stored")
            let count = try await api.world.test.ownerScalar("SELECT count(*)::int FROM applications", as: Int.self)
            #expect(count == 1)
            let other = try await api.send(
                .post, "/v1/applications", as: .applicant,
                json: create.replacingOccurrences(of: "7000000", with: "8000000"),
                headers: ["Idempotency-Key": "tao-1"])
            #expect(other.status == 422 && other.code == "idempotencyKeyReused")
            // Keys belong to their user: the same key from someone else is a new request.
            let officer = try await api.send(
                .post, "/v1/applications", as: .officer,
                json: create.replacingOccurrences(
                    of: "\"request\"", with: "\"cooperativeId\":\"\(api.world.cooperative.id)\",\"request\""),
                headers: ["Idempotency-Key": "tao-1"])
            #expect(officer.status == 201)
        }
    }

    /// Twelve identical requests with one key at the same instant: one effect, twelve identical answers. A retry is
    /// told what happened, never that its copy went stale because its own first try succeeded.
    @Test func concurrentRequestsWithOneKeyApplyOnce() async throws {
        try await API.with { api in
            let ref = try await api.world.draft().reference.value
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await api.send(
                            .post, "/v1/applications/\(ref)/actions/submit", as: .applicant,
                            headers: ["If-Match": "\"1\"", "Idempotency-Key": "nop-1"])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.map(\.status) == Array(repeating: 200, count: 12), "\(replies.map(\.text))")
            let bodies = Set(replies.map(\.body))
            #expect(bodies.count == 1, "every success is the same stored document")
            let events = try await api.world.test.ownerScalar(
                "SELECT count(*)::int FROM application_events WHERE action = 'submit'", as: Int.self)
            #expect(events == 1)
        }
    }

    /// Two officers race to start the review of the same version: one wins, the other gets 412.
    @Test func twoWritersOverHTTPOneWinsOneIsStale() async throws {
        try await API.with { api in
            for _ in 0..<5 {
                let submitted = try await api.world.drive(try await api.world.draft(), through: [.submit])
                let path = "/v1/applications/\(submitted.reference.value)/actions/startReview"
                async let first = api.send(.post, path, as: .officer, headers: ["If-Match": "\"2\""])
                async let second = api.send(.post, path, as: .officer, headers: ["If-Match": "\"2\""])
                let statuses = try await [first.status, second.status].sorted()
                #expect(statuses == [200, 412])
            }
        }
    }
}

@Suite struct SessionTests {
    @Test func unknownUserAndWrongPasswordAnswerTheSame() async throws {
        try await API.with { api in
            let wrong = try await api.send(
                .post, "/v1/sessions", as: .anonymous,
                json: #"{"username":"\#(api.world.cast.officer.username)","password":"sai mật khẩu rồi"}"#)
            let unknown = try await api.send(
                .post, "/v1/sessions", as: .anonymous, json: #"{"username":"nobody","password":"sai mật khẩu rồi"}"#)
            #expect(wrong.status == 401 && unknown.status == 401 && wrong.body == unknown.body)
        }
    }

    @Test func aDisabledUsersTokenStopsAtOnceAndLogoutRevokes() async throws {
        try await API.with { api in
            #expect(try await api.send(.get, "/v1/me", as: .lender).status == 200)
            let disabled = try await api.send(.post, "/v1/users/\(api.world.cast.lender.username)/disable", as: .admin)
            #expect(disabled.status == 204)
            #expect(try await api.send(.get, "/v1/me", as: .lender).status == 401)
            #expect(try await api.send(.delete, "/v1/sessions/current", as: .auditor).status == 204)
            #expect(try await api.send(.get, "/v1/me", as: .auditor).status == 401)
            let stored = try await api.world.test.ownerScalar(
                "SELECT count(*)::int FROM sessions WHERE token_hash = \(Data(api.tokens[.officer]!.utf8))",
                as: Int.self)
            #expect(stored == 0, "tokens are stored hashed")
        }
    }

    @Test func aNewPasswordEndsEveryOneOfTheUsersSessions() async throws {
        try await API.with { api in
            #expect(try await api.send(.get, "/v1/me", as: .officer).status == 200)
            try await api.world.service.users.setPassword(
                username: api.world.cast.officer.username, password: "một mật khẩu mới đủ dài", cost: 4,
                by: api.world.cast.admin)
            // Set elsewhere (here through the use case, as `coopcase user set-password` does): the server hears of it
            // through PostgreSQL's notification, within moments.
            var status = 0
            for _ in 0..<600 where status != 401 {
                status = try await api.send(.get, "/v1/me", as: .officer).status
                if status != 401 { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(status == 401)
            #expect(try await api.send(.get, "/v1/me", as: .approver).status == 200, "only that user's sessions end")
            let live = try await api.world.test.ownerScalar(
                """
                SELECT count(*)::int FROM sessions s JOIN users u ON u.id = s.user_id
                WHERE u.username = \(api.world.cast.officer.username) AND s.revoked_at IS NULL
                """, as: Int.self)
            #expect(live == 0)
        }
    }

    /// The unknown-user decoy is hashed at the configured cost, as every password is, so both logins cost the same.
    @Test func theDecoyForUnknownUsersIsHashedAtTheConfiguredCost() async throws {
        #expect(Passwords.decoy(cost: 4).hasPrefix("$2b$04$"))
        #expect(Passwords.decoy(cost: 6).hasPrefix("$2b$06$"))
        let stored = try await Passwords.hash("một mật khẩu đủ dài", cost: 6)
        #expect(stored.prefix(7) == Passwords.decoy(cost: 6).prefix(7))
    }

    /// Vietnamese keyboards send "ậ" composed (NFC) or as a letter and combining marks (NFD): one password either way.
    @Test func aPasswordTypedComposedOrDecomposedIsTheSame() async throws {
        try await API.with { api in
            let composed = "mật khẩu Hợp tác xã".precomposedStringWithCanonicalMapping
            let decomposed = composed.decomposedStringWithCanonicalMapping
            #expect(Array(composed.utf8) != Array(decomposed.utf8), "two byte sequences, one text")
            let created = try await api.send(
                .post, "/v1/users", as: .admin,
                json: #"{"username":"nfd.user","displayName":"NFD","role":"auditor","password":"\#(decomposed)"}"#)
            #expect(created.status == 201)
            for typed in [composed, decomposed] {
                let login = try await api.send(
                    .post, "/v1/sessions", as: .anonymous, json: #"{"username":"nfd.user","password":"\#(typed)"}"#)
                #expect(login.status == 201)
            }
        }
    }

    /// A draft programme is the administration's until it opens: applicants neither see nor apply to it.
    @Test func applicantsNeitherSeeNorApplyToDraftProgrammes() async throws {
        try await API.with { api in
            let draft = Fixtures.programme(code: "NHAP-2026", status: .draft)
            try await api.world.service.programmes.create(draft, by: api.world.cast.admin)
            let listed = try await api.send(.get, "/v1/programmes", as: .applicant)
            let codes = (listed["items"] as? [[String: Any]])?.compactMap { $0["code"] as? String } ?? []
            #expect(!codes.contains("NHAP-2026") && codes.contains(api.world.programme.code))
            #expect(try await api.send(.get, "/v1/programmes/NHAP-2026", as: .applicant).status == 404)
            let before = try await api.footprint()
            let applied = try await api.send(
                .post, "/v1/applications", as: .applicant,
                json: #"{"programme":"NHAP-2026","request":{"amount":1000000,"purpose":"Thử"}}"#)
            #expect(applied.status == 404 && applied.code == "notFound")
            #expect(try await api.footprint() == before)
            #expect(try await api.send(.get, "/v1/programmes/NHAP-2026", as: .officer).status == 200)
        }
    }

    @Test func longPasswordsAreNotTruncated() async throws {
        try await API.with { api in
            let long = String(repeating: "a", count: 100)
            let created = try await api.send(
                .post, "/v1/users", as: .admin,
                json: #"{"username":"dai.qua","displayName":"Dài","role":"auditor","password":"\#(long)"}"#)
            #expect(created.status == 201)
            let prefix = try await api.send(
                .post, "/v1/sessions", as: .anonymous,
                json: #"{"username":"dai.qua","password":"\#(String(repeating: "a", count: 80))"}"#)
            #expect(prefix.status == 401, "the first 72 bytes alone must not log in")
            let full = try await api.send(
                .post, "/v1/sessions", as: .anonymous, json: #"{"username":"dai.qua","password":"\#(long)"}"#)
            #expect(full.status == 201)
        }
    }

    @Test func loginAttemptsAreRateLimited() async throws {
        try await API.with(config: ["rateLimit.login.burst": 3, "rateLimit.login.perMinute": 1]) { api in
            var statuses: [Int] = []
            for _ in 0..<5 {
                let reply = try await api.send(
                    .post, "/v1/sessions", as: .anonymous, json: #"{"username":"someone","password":"khong dung dau"}"#)
                statuses.append(reply.status)
                if reply.status == 429 { #expect(reply.headers[.retryAfter] != nil) }
            }
            #expect(statuses.contains(429))
        }
    }

    @Test func everyResponseCarriesSecurityHeadersAndTheContractIsServed() async throws {
        try await API.with { api in
            for path in ["/health/live", "/v1/me", "/v1/nothing", "/openapi.yaml"] {
                let reply = try await api.send(.get, path, as: .officer)
                #expect(reply.headers[.xContentTypeOptions] == "nosniff")
                #expect(reply.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(reply.headers[.contentSecurityPolicy] != nil)
            }
            let contract = try await api.send(.get, "/openapi.yaml", as: .anonymous)
            #expect(contract.text.hasPrefix("openapi: 3.1.0"))
            let metrics = try await api.send(.get, "/metrics", as: .anonymous)
            #expect(metrics.text.contains("hb_requests"))
        }
    }
}
