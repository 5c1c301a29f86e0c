import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import HTTPTypes
import Testing

/// Bad requests get a 4xx problem naming what is wrong, never a 5xx, and change nothing.
@Suite struct BadInputTests {
    struct Case {
        var name: String
        var method: HTTPRequest.Method = .post
        var path: String
        var caller: Caller = .officer
        var json: String?
        var headers: [String: String] = [:]
        var status: Int
        var code: String
    }

    /// Twelve code points with fewer visible characters (combining accents, as Vietnamese typed decomposed): the
    /// contract's minLength counts code points, and so does the server.
    @Test func aPasswordTheContractAcceptsIsNotRefusedForItsLength() async throws {
        try await API.with { api in
            let decomposed = String(repeating: "e\u{0301}", count: 6)
            #expect(decomposed.count == 6 && decomposed.unicodeScalars.count == 12)
            let created = try await api.send(
                .post, "/v1/users", as: .admin,
                json: #"{"username":"to.hop","displayName":"Tổ hợp","role":"officer","password":"\#(decomposed)"}"#)
            #expect(created.status == 201, "\(created.status) \(created.text)")
        }
    }

    @Test func corpusOfBadInputs() async throws {
        try await API.with { api in
            let programme = api.world.programme.code
            let own = api.world.cooperative.id.uuidString
            let draft = try await api.world.draft()
            let ref = draft.reference.value
            let valid =
                #"{"programme":"\#(programme)","cooperativeId":"\#(own)","request":{"amount":5000000,"purpose":"Máy in"}}"#
            let existingCode = api.world.cooperative.code.value
            let early: [Case] = [
                Case(
                    name: "malformed JSON", path: "/v1/applications", json: #"{"programme":"#, status: 400,
                    code: "badRequest"),
                Case(name: "JSON null", path: "/v1/applications", json: "null", status: 400, code: "badRequest"),
                Case(
                    name: "array instead of object", path: "/v1/applications", json: "[1,2]", status: 400,
                    code: "badRequest"),
                Case(
                    name: "unknown field", path: "/v1/applications",
                    json: valid.replacingOccurrences(of: "\"programme\"", with: "\"extra\":1,\"programme\""),
                    status: 400,
                    code: "badRequest"),
                Case(
                    name: "unknown nested field", path: "/v1/applications",
                    json: valid.replacingOccurrences(of: "\"purpose\"", with: "\"colour\":\"red\",\"purpose\""),
                    status: 400,
                    code: "badRequest"),
                Case(
                    name: "wrong type", path: "/v1/applications",
                    json: valid.replacingOccurrences(of: "5000000", with: "\"năm triệu\""), status: 400,
                    code: "badRequest"),
                Case(
                    name: "missing field", path: "/v1/applications",
                    json: #"{"programme":"\#(programme)","request":{"amount":5}}"#, status: 400, code: "badRequest"),
                Case(
                    name: "amount not positive", path: "/v1/applications",
                    json: valid.replacingOccurrences(of: "5000000", with: "-5"), status: 400, code: "badRequest"),
                Case(
                    name: "purpose too long", path: "/v1/applications",
                    json: valid.replacingOccurrences(of: "Máy in", with: String(repeating: "x", count: 4001)),
                    status: 400,
                    code: "badRequest"),
                Case(
                    name: "not a UUID", path: "/v1/applications",
                    json: valid.replacingOccurrences(of: own, with: "hợp-tác-xã"), status: 400, code: "badRequest"),
                Case(
                    name: "unknown programme", path: "/v1/applications",
                    json: valid.replacingOccurrences(of: programme, with: "KHONG-CO"), status: 404, code: "notFound"),
                Case(
                    name: "oversized body", path: "/v1/applications",
                    json: valid.replacingOccurrences(of: "Máy in", with: String(repeating: "x", count: 300_000)),
                    status: 413, code: "payloadTooLarge"),
                Case(
                    name: "wrong content type", path: "/v1/applications", json: valid,
                    headers: ["Content-Type": "text/plain"], status: 415, code: "unsupportedMediaType"),
                Case(
                    name: "NUL in a query", method: .get, path: "/v1/cooperatives?q=a%00b", status: 400,
                    code: "badRequest"),
                Case(
                    name: "NUL in the body", path: "/v1/applications",
                    json: valid.replacingOccurrences(of: "Máy in", with: "Máy\\u0000in"), status: 400,
                    code: "badRequest"),
                Case(
                    name: "limit zero", method: .get, path: "/v1/applications?limit=0", status: 400, code: "badRequest"),
                Case(
                    name: "limit too big", method: .get, path: "/v1/applications?limit=201", status: 400,
                    code: "badRequest"),
                Case(
                    name: "limit not a number", method: .get, path: "/v1/applications?limit=ten", status: 400,
                    code: "badRequest"),
                Case(
                    name: "forged cursor", method: .get, path: "/v1/applications?cursor=abc", status: 400,
                    code: "badRequest"),
            ]
            // Cursors whose time is out of any date's range: once, Int64.min ended the process in a trap. The contract's
            // shape (16 digits) keeps every cursor it lets through within dates a row can have.
            let forged = [
                "-9223372036854775808", "9223372036854775807", "-1", "3093527980800000000", "253402300800000000",
                "99999999999999999",
            ].map { micros -> Case in
                Case(
                    name: "cursor at \(micros) µs", method: .get,
                    path: "/v1/applications?cursor=\(micros)_\(UUID().uuidString)", status: 400, code: "badRequest")
            }
            let cases: [Case] =
                early + forged + [
                    Case(
                        name: "a key written twice", path: "/v1/applications",
                        json: valid.replacingOccurrences(
                            of: #""request":"#, with: #""request":{"amount":1,"purpose":"x"},"request":"#),
                        status: 400, code: "badRequest"),
                    Case(
                        name: "a search that is not UTF-8", method: .get, path: "/v1/cooperatives?q=%FF%FE",
                        status: 400,
                        code: "badRequest"),
                    Case(
                        name: "a programme code that walks up folders", path: "/v1/programmes", caller: .admin,
                        json: AuthorizationMatrixTests.programmeJSON("../../x"), status: 400, code: "badRequest"),
                    Case(
                        name: "an empty Idempotency-Key", path: "/v1/applications", json: valid,
                        headers: ["Idempotency-Key": ""], status: 400, code: "badRequest"),
                    Case(
                        name: "an Idempotency-Key one past its 200 characters", path: "/v1/applications", json: valid,
                        headers: ["Idempotency-Key": String(repeating: "k", count: 201)], status: 400,
                        code: "badRequest"),
                    Case(
                        name: "an over-long Idempotency-Key on an action",
                        path: "/v1/applications/\(ref)/actions/submit", caller: .applicant,
                        headers: ["If-Match": "\"1\"", "Idempotency-Key": String(repeating: "k", count: 201)],
                        status: 400, code: "badRequest"),
                    Case(
                        name: "unknown state", method: .get, path: "/v1/applications?state=lost", status: 400,
                        code: "badRequest"),
                    Case(
                        name: "bad cooperative filter", method: .get, path: "/v1/applications?cooperativeId=42",
                        status: 400,
                        code: "badRequest"),
                    Case(
                        name: "unknown action", path: "/v1/applications/\(ref)/actions/teleport", caller: .applicant,
                        headers: ["If-Match": "\"1\""], status: 400, code: "badRequest"),
                    Case(
                        name: "unknown reference", method: .get, path: "/v1/applications/VAY-0000-000000-0",
                        status: 404,
                        code: "notFound"),
                    Case(
                        name: "cooperative code check digit", path: "/v1/cooperatives",
                        json: AuthorizationMatrixTests.cooperativeJSON("0100107219"), status: 422, code: "validation"),
                    Case(
                        name: "duplicate cooperative", path: "/v1/cooperatives",
                        json: AuthorizationMatrixTests.cooperativeJSON(existingCode), status: 409, code: "conflict"),
                    Case(
                        name: "founded not a date", path: "/v1/cooperatives",
                        json: AuthorizationMatrixTests.cooperativeJSON(Fixtures.code(9191).value)
                            .replacingOccurrences(of: "2015-03-01", with: "hôm qua"), status: 422, code: "validation"),
                    Case(
                        name: "founded on 30 February", path: "/v1/cooperatives",
                        json: AuthorizationMatrixTests.cooperativeJSON(Fixtures.code(9192).value)
                            .replacingOccurrences(of: "2015-03-01", with: "2015-02-30"), status: 422, code: "validation"
                    ),
                    Case(
                        name: "a programme opening in year 99999", path: "/v1/programmes", caller: .admin,
                        json: AuthorizationMatrixTests.programmeJSON("SAI-3").replacingOccurrences(
                            of: "2026-01-01T00:00:00Z", with: "+99999-01-01T00:00:00Z"),
                        status: 400, code: "badRequest"),
                    Case(
                        name: "a date with forty fractional digits and a year 0", path: "/v1/programmes",
                        caller: .admin,
                        json: AuthorizationMatrixTests.programmeJSON("SAI-4").replacingOccurrences(
                            of: "2026-01-01T00:00:00Z",
                            with: "0000-01-01T00:00:00.\(String(repeating: "9", count: 40))Z"),
                        status: 400, code: "badRequest"),
                    Case(
                        name: "window closes before it opens", path: "/v1/programmes", caller: .admin,
                        json: AuthorizationMatrixTests.programmeJSON("SAI-1").replacingOccurrences(
                            of: "2026-12-31", with: "2025-12-31"),
                        status: 422, code: "validation"),
                    Case(
                        name: "rule without its value", path: "/v1/programmes", caller: .admin,
                        json: AuthorizationMatrixTests.programmeJSON("SAI-2").replacingOccurrences(
                            of: #","value":7"#, with: ""),
                        status: 422, code: "validation"),
                    Case(
                        name: "short password", path: "/v1/users", caller: .admin,
                        json: #"{"username":"ngan","displayName":"Ngắn","role":"officer","password":"123"}"#,
                        status: 400,
                        code: "badRequest"),
                    Case(
                        name: "applicant without cooperative", path: "/v1/users", caller: .admin,
                        json:
                            #"{"username":"htx.moi","displayName":"HTX","role":"applicant","password":"mot mat khau rat dai"}"#,
                        status: 422, code: "validation"),
                    Case(
                        name: "login without password", path: "/v1/sessions", caller: .anonymous,
                        json: #"{"username":"a"}"#, status: 400, code: "badRequest"),
                    Case(
                        name: "status without code", method: .get, path: "/v1/status/\(ref)", caller: .anonymous,
                        status: 400, code: "badRequest"),
                    Case(
                        name: "bad bearer token", method: .get, path: "/v1/me", caller: .anonymous,
                        headers: ["Authorization": "Bearer nope"], status: 401, code: "unauthenticated"),
                    Case(
                        name: "not a bearer scheme", method: .get, path: "/v1/me", caller: .anonymous,
                        headers: ["Authorization": "Basic YTpi"], status: 401, code: "unauthenticated"),
                    Case(
                        name: "unrouted method", method: .put, path: "/v1/applications", json: valid, status: 405,
                        code: "methodNotAllowed"),
                    Case(
                        name: "evidence of the wrong kind", path: "/v1/applications/\(ref)/actions/update",
                        caller: .applicant,
                        json: #"{"request":{"amount":0,"purpose":"x"}}"#, headers: ["If-Match": "\"1\""], status: 400,
                        code: "badRequest"),
                ]
            let before = try await api.footprint()
            for item in cases {
                let reply = try await api.send(
                    item.method, item.path, as: item.caller, json: item.json, headers: item.headers)
                #expect(reply.status == item.status, "\(item.name): \(reply.status) \(reply.text.prefix(300))")
                #expect(reply.code == item.code, "\(item.name): \(reply.text.prefix(300))")
                #expect(reply.headers[.contentType] == "application/problem+json", "\(item.name)")
                #expect(!reply.text.contains("PSQLError") && !reply.text.contains("SQLSTATE"))
                // Vietnamese by default, all of it: no English sentence from the server or the runtime.
                let words = "\(reply["title"] ?? "") \(reply["detail"] ?? "")"
                let english = ["must", "required", "wrong type", "expected", "invalid", "Bad Request", "Unsupported"]
                #expect(!english.contains { words.localizedCaseInsensitiveContains($0) }, "\(item.name): \(words)")
                #expect(try await api.footprint() == before, "\(item.name) changed something")
            }
            print("bad-input corpus: \(cases.count) cases, none changed anything")
        }
    }
}

/// Unknown methods on known paths: 405 with `Allow` naming exactly what the path takes, whoever asks.
@Suite struct MethodNotAllowedTests {
    @Test func aKnownPathAskedWithAnotherMethodIsAnswered405WithAllow() async throws {
        try await API.with { api in
            let ref = try await api.world.draft().reference.value
            let cases: [(HTTPRequest.Method, String, Caller, String)] = [
                (.init("TRACE")!, "/v1/applications", .anonymous, "GET, POST, HEAD"),
                (.delete, "/v1/applications/\(ref)", .officer, "GET, HEAD"),
                (.put, "/v1/applications/\(ref)/actions/submit", .applicant, "POST"),
                (.patch, "/v1/sessions", .anonymous, "POST"),
                (.delete, "/tra-cuu", .anonymous, "GET, POST, HEAD"),
                (.get, "/bien-nhan", .anonymous, "POST"),
                (.post, "/health/live", .anonymous, "GET, HEAD"),
            ]
            let before = try await api.footprint()
            for (method, path, caller, allow) in cases {
                let reply = try await api.send(method, path, as: caller)
                #expect(reply.status == 405, "\(method) \(path): \(reply.status)")
                #expect(reply.code == "methodNotAllowed")
                #expect(reply.headers[.allow] == allow, "\(method) \(path): \(reply.headers[.allow] ?? "none")")
            }
            #expect(try await api.footprint() == before)
            // An unknown path is still 404, and every method a path takes still reaches its handler.
            #expect(try await api.send(.init("TRACE")!, "/v1/nowhere", as: .officer).status == 404)
            #expect(try await api.send(.get, "/v1/applications/\(ref)", as: .officer).status == 200)
            #expect(try await api.send(.head, "/health/live", as: .anonymous).status == 200)
        }
    }
}
