import CoopCaseDomain
import Foundation
import Testing

/// What reaches the log: one line per request with its method, path, status, duration and request id, and never a
/// token, password, access code or request body, on any path a request can take.
@Suite struct LoggingTests {
    @Test func eachRequestLogsOneLineWithoutItsQueryOrCredentials() async throws {
        let logs = LogLines()
        try await API.with(config: ["log.level": "info"], logs: logs) { api in
            let secret = "MẬT-KHẨU-KHÔNG-ĐƯỢC-GHI"
            // A login that fails, one that succeeds, a token that is wrong.
            _ = try await api.send(
                .post, "/v1/sessions", as: .anonymous,
                json: #"{"username":"\#(api.world.cast.officer.username)","password":"\#(secret)"}"#)
            let login = try await api.send(
                .post, "/v1/sessions", as: .anonymous,
                json: #"{"username":"\#(api.world.cast.officer.username)","password":"\#(API.password)"}"#)
            let token = try #require(login["token"] as? String)
            _ = try await api.send(.get, "/v1/me", as: .anonymous, headers: ["Authorization": "Bearer \(token)x"])
            // A status lookup carries its access code in the query.
            let application = try await api.world.draft()
            let code = "ZZZZ-9999"
            _ = try await api.send(.get, "/v1/status/\(application.reference.value)?code=\(code)", as: .anonymous)
            // Failures the server maps, and one the OpenAPI runtime reports with the whole request in it.
            let key = String(repeating: "k", count: 201)
            _ = try await api.send(
                .post, "/v1/applications", as: .applicant,
                json: #"{"programme":"\#(api.world.programme.code)","request":{"amount":1,"purpose":"\#(secret)"}}"#,
                headers: ["Idempotency-Key": key])
            _ = try await api.send(.post, "/v1/applications", as: .applicant, json: #"{"purpose":"\#(secret)"}"#)
            _ = try await api.send(.post, "/v1/users", as: .admin, json: #"{"password":"\#(secret)"}"#)
            // The pages' forms carry the code in the body.
            _ = try await api.send(
                .post, "/tra-cuu", as: .anonymous, headers: ["Content-Type": "application/x-www-form-urlencoded"])

            let all = logs.all.joined(separator: "\n")
            var tokens = Array(api.tokens.values) + [token]
            tokens.removeAll { $0.isEmpty }
            for forbidden in tokens + [secret, API.password, code, "ZZZZ9999", key, "authorization", "Bearer"] {
                #expect(!all.localizedCaseInsensitiveContains(forbidden), "the log holds \(forbidden.prefix(12))…")
            }
            let requests = logs.objects.filter { $0["message"] == "request" }
            let status = try #require(requests.first { $0["path"]?.hasPrefix("/v1/status/") == true })
            #expect(status["path"] == "/v1/status/\(application.reference.value)")
            #expect(status["method"] == "GET" && status["status"] == "404")
            #expect(Double(status["ms"] ?? "") != nil)
            #expect(status["hb.request.id"]?.isEmpty == false)
            // One line per request: the requests above and the harness's logins, each id once.
            let ids = requests.compactMap { $0["hb.request.id"] }
            #expect(Set(ids).count == ids.count)
            #expect(requests.count >= 10)
        }
    }

    @Test func aServerStartsAndStopsWithALineEach() async throws {
        let logs = LogLines()
        try await API.with(config: ["log.level": "info"], logs: logs) { _ in }
        let messages = logs.objects.compactMap { $0["message"] }
        #expect(messages.contains("coopcase starting"))
        #expect(messages.contains { $0.hasPrefix("coopcase shutting down") })
    }

    @Test func anUnknownLogFormatIsRefusedAtStart() async throws {
        await #expect(throws: DomainError.validation(field: "log.format", reason: .unknownValue)) {
            try await API.with(config: ["log.format": "xml"]) { _ in }
        }
    }
}
