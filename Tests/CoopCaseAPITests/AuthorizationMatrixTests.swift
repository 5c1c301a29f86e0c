import Configuration
import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import HTTPTypes
import Testing

/// Every route × every kind of caller (anonymous, applicant of the owning cooperative, applicant of another,
/// officer, approver, auditor, lender, admin), each with its exact expected status.
@Suite struct AuthorizationMatrixTests {
    struct Route {
        var name: String
        var method: HTTPRequest.Method
        var path: String
        var json: (Caller) -> String? = { _ in nil }
        var headers: [String: String] = [:]
        /// Expected status per caller; callers not listed expect `otherwise`.
        var expect: [Caller: Int]
        var otherwise: Int
    }

    @Test func everyRouteForEveryCaller() async throws {
        // Several hundred requests from one address: the general rate limit has its own tests.
        let unthrottled: [AbsoluteConfigKey: ConfigValue] = [
            "rateLimit.general.burst": 1_000_000, "rateLimit.general.perMinute": 1_000_000,
        ]
        try await API.with(config: unthrottled) { api in
            let world = api.world
            let draft = try await world.draft()
            let ref = draft.reference.value
            let own = world.cooperative.id.uuidString
            let code = world.programme.code
            let spare = Fixtures.programme(code: "SPARE-1", status: .draft)
            try await world.service.programmes.create(spare, by: world.cast.admin)
            let everyone: [Caller: Int] = Dictionary(uniqueKeysWithValues: Caller.allCases.map { ($0, 200) })
            let signedIn = everyone.merging([.anonymous: 401]) { $1 }
            let staffRead: [Caller: Int] = [
                .anonymous: 401, .officer: 200, .approver: 200, .auditor: 200, .admin: 200, .lender: 403,
                .applicant: 403, .otherApplicant: 403,
            ]
            let ownApplication: [Caller: Int] = signedIn.merging([.otherApplicant: 404]) { $1 }
            // The lender sees loan applications from approval on only; this one is an equipment grant's draft.
            let ownApplicationNotLender = ownApplication.merging([.lender: 404]) { $1 }
            // The registry holds contact names and phone numbers: not the lender's to read.
            let registry = signedIn.merging([.lender: 403]) { $1 }
            var serial = 6000
            let routes: [Route] = [
                Route(name: "me", method: .get, path: "/v1/me", expect: signedIn, otherwise: 200),
                Route(
                    name: "list users", method: .get, path: "/v1/users", expect: [.anonymous: 401, .admin: 200],
                    otherwise: 403),
                Route(
                    name: "create user", method: .post, path: "/v1/users",
                    json: {
                        #"{"username":"new.\#($0.rawValue.lowercased())","displayName":"Người mới","role":"officer","password":"mot mat khau rat dai"}"#
                    },
                    expect: [.anonymous: 401, .admin: 201], otherwise: 403),
                Route(
                    name: "disable user", method: .post, path: "/v1/users/\(world.cast.officer2.username)/disable",
                    expect: [.anonymous: 401, .admin: 204], otherwise: 403),
                Route(
                    name: "list cooperatives", method: .get, path: "/v1/cooperatives", expect: registry, otherwise: 200),
                Route(
                    name: "create cooperative", method: .post, path: "/v1/cooperatives",
                    json: { _ in
                        serial += 1
                        return Self.cooperativeJSON(Fixtures.code(serial).value)
                    },
                    expect: [.anonymous: 401, .officer: 201, .admin: 201], otherwise: 403),
                Route(
                    name: "get cooperative", method: .get, path: "/v1/cooperatives/\(own)",
                    expect: ownApplication.merging([.lender: 403]) { $1 }, otherwise: 200),
                Route(
                    name: "edit cooperative (stale If-Match)", method: .put, path: "/v1/cooperatives/\(own)",
                    json: { _ in Self.cooperativeJSON(world.cooperative.code.value) }, headers: ["If-Match": "\"9\""],
                    expect: [
                        .anonymous: 401, .otherApplicant: 404, .officer: 412, .admin: 412,
                    ], otherwise: 403),
                Route(
                    name: "cooperative history", method: .get, path: "/v1/cooperatives/\(own)/history",
                    expect: ownApplication.merging([.lender: 403]) { $1 }, otherwise: 200),
                Route(
                    name: "rule versions", method: .get, path: "/v1/programmes/\(code)/rules", expect: signedIn,
                    otherwise: 200),
                Route(
                    name: "issue rule version", method: .post, path: "/v1/programmes/SPARE-1/rules",
                    json: { _ in #"{"rules":[{"rule":"minMembers","value":3}]}"# },
                    expect: [.anonymous: 401, .admin: 201], otherwise: 403),
                Route(name: "list programmes", method: .get, path: "/v1/programmes", expect: signedIn, otherwise: 200),
                Route(
                    name: "create programme", method: .post, path: "/v1/programmes",
                    json: { Self.programmeJSON("NEW-\($0.rawValue.uppercased())") },
                    expect: [.anonymous: 401, .admin: 201], otherwise: 403),
                Route(
                    name: "get programme", method: .get, path: "/v1/programmes/\(code)", expect: signedIn,
                    otherwise: 200),
                Route(
                    name: "programme status", method: .post, path: "/v1/programmes/SPARE-1/status",
                    json: { _ in #"{"status":"open"}"# }, expect: [.anonymous: 401, .admin: 200], otherwise: 403),
                Route(
                    name: "budget", method: .get, path: "/v1/programmes/\(code)/budget", expect: staffRead,
                    otherwise: 403),
                Route(
                    name: "list applications", method: .get, path: "/v1/applications", expect: signedIn, otherwise: 200),
                Route(
                    name: "create application", method: .post, path: "/v1/applications",
                    json: { _ in
                        #"{"programme":"\#(code)","cooperativeId":"\#(own)","request":{"amount":1000000,"purpose":"Mua máy in"}}"#
                    },
                    expect: [.anonymous: 401, .applicant: 201, .officer: 201, .otherApplicant: 404], otherwise: 403),
                Route(
                    name: "get application", method: .get, path: "/v1/applications/\(ref)",
                    expect: ownApplicationNotLender, otherwise: 200),
                Route(
                    name: "events", method: .get, path: "/v1/applications/\(ref)/events",
                    expect: ownApplicationNotLender, otherwise: 200),
                Route(
                    name: "allowed actions", method: .get, path: "/v1/applications/\(ref)/allowed-actions",
                    expect: ownApplicationNotLender, otherwise: 200),
                Route(
                    name: "submit", method: .post, path: "/v1/applications/\(ref)/actions/submit",
                    headers: ["If-Match": "\"1\""],
                    // An officer may submit at the desk; by then the applicant has, so the copy is stale.
                    expect: [.anonymous: 401, .applicant: 200, .otherApplicant: 404, .lender: 404, .officer: 412],
                    otherwise: 403),
                Route(
                    name: "reissue access code", method: .post, path: "/v1/applications/\(ref)/access-code",
                    headers: ["If-Match": "\"2\""],
                    expect: [.anonymous: 401, .officer: 200, .otherApplicant: 404, .lender: 404], otherwise: 403),
                Route(name: "workflow", method: .get, path: "/v1/workflow", expect: everyone, otherwise: 200),
                Route(name: "summary", method: .get, path: "/v1/reports/summary", expect: staffRead, otherwise: 403),
                Route(
                    name: "export", method: .get, path: "/v1/exports/case-histories",
                    expect: [.anonymous: 401, .auditor: 200, .admin: 200], otherwise: 403),
                Route(
                    name: "public status", method: .get, path: "/v1/status/\(ref)?code=WRONG-CODE", expect: [:],
                    otherwise: 404),
                Route(name: "overdue", method: .get, path: "/v1/deadlines/overdue", expect: staffRead, otherwise: 403),
                Route(
                    name: "calendar", method: .get, path: "/v1/calendar?year=2026", expect: staffRead, otherwise: 403),
                Route(
                    name: "calendar changes", method: .get, path: "/v1/calendar/changes", expect: staffRead,
                    otherwise: 403),
                Route(
                    name: "add calendar day", method: .post, path: "/v1/calendar/entries",
                    json: { _ in #"{"day":"2028-03-08","kind":"dayOff","nameVi":"Nghỉ","nameEn":"Off","basis":"QĐ"}"# },
                    expect: [.anonymous: 401, .admin: 201], otherwise: 403),
                Route(
                    name: "remove calendar day", method: .delete, path: "/v1/calendar/entries/2028-03-08",
                    expect: [.anonymous: 401, .admin: 204], otherwise: 403),
                Route(
                    name: "import calendar year", method: .put, path: "/v1/calendar/years/2032",
                    json: { _ in
                        #"{"basis":"QĐ 2032","csv":"day,kind,name_vi,name_en,basis\n2032-01-01,dayOff,Tết,New Year,X\n"}"#
                    },
                    expect: [.anonymous: 401, .admin: 200], otherwise: 403),
                Route(
                    name: "places", method: .get, path: "/v1/places?level=province", expect: staffRead, otherwise: 403),
                Route(
                    name: "import places", method: .post, path: "/v1/places/imports",
                    json: { _ in
                        #"{"csv":"code,level,name,valid_to,successors,effective,basis\n99,province,Tỉnh Thử,,,,\n"}"#
                    },
                    expect: [.anonymous: 401, .officer: 200, .admin: 200], otherwise: 403),
                Route(
                    name: "remap places", method: .post, path: "/v1/places/remaps?dryRun=true",
                    expect: [.anonymous: 401, .officer: 200, .admin: 200], otherwise: 403),
                Route(name: "liveness", method: .get, path: "/health/live", expect: everyone, otherwise: 200),
                Route(name: "readiness", method: .get, path: "/health/ready", expect: everyone, otherwise: 200),
                Route(name: "contract", method: .get, path: "/openapi.yaml", expect: everyone, otherwise: 200),
                Route(name: "metrics", method: .get, path: "/metrics", expect: everyone, otherwise: 200),
                Route(
                    name: "log out", method: .delete, path: "/v1/sessions/current", expect: [.anonymous: 401],
                    otherwise: 204),
            ]
            var checked = 0
            for route in routes {
                for caller in Caller.allCases {
                    let reply = try await api.send(
                        route.method, route.path, as: caller, json: route.json(caller), headers: route.headers)
                    let expected = route.expect[caller] ?? route.otherwise
                    #expect(
                        reply.status == expected,
                        "\(route.name) as \(caller): \(reply.status) \(reply.text.prefix(200))")
                    if reply.status >= 400 { #expect(reply.headers[.contentType] == "application/problem+json") }
                    checked += 1
                }
            }
            #expect(checked == routes.count * Caller.allCases.count)
            print("authorization matrix: \(routes.count) routes × \(Caller.allCases.count) callers = \(checked) checks")
        }
    }

    @Test func applicantsSeeOnlyTheirOwnCooperativesApplications() async throws {
        try await API.with { api in
            let mine = try await api.world.draft()
            let theirs = try await api.world.draft(cooperative: api.other, by: api.otherApplicant)
            let listed = try await api.send(.get, "/v1/applications", as: .applicant)
            let references = (listed["items"] as? [[String: Any]] ?? []).compactMap { $0["reference"] as? String }
            #expect(references == [mine.reference.value])
            let forced = try await api.send(
                .get, "/v1/applications?cooperativeId=\(api.other.id.uuidString)", as: .applicant)
            #expect((forced["items"] as? [Any])?.isEmpty == true)
            #expect(
                try await api.send(.get, "/v1/applications/\(theirs.reference.value)", as: .applicant).status == 404)
            let cooperatives = try await api.send(.get, "/v1/cooperatives", as: .applicant)
            #expect((cooperatives["items"] as? [Any])?.count == 1)
        }
    }

    static func cooperativeJSON(_ code: String) -> String {
        """
        {"code":"\(code)","name":"Hợp tác xã Mới","kind":"cooperative","sector":"Nông nghiệp",
         "address":{"street":"Thôn 1","ward":{"code":"10660","name":"An Lưu"},"province":{"code":"30","name":"Hải Dương"}},
         "members":9,"workers":4,"annualRevenue":300000000,"founded":"2015-03-01","contact":{"person":"Bà Lan"},
         "readiness":{"computer":false,"internet":true,"website":false,"accountingSoftware":false,"salesSoftware":false}}
        """
    }

    static func programmeJSON(_ code: String) -> String {
        """
        {"code":"\(code)","name":{"vi":"Hỗ trợ thử","en":"Trial support"},"kind":"training","fiscalYear":2026,
         "opensAt":"2026-01-01T00:00:00Z","closesAt":"2026-12-31T00:00:00Z","budget":40,"ceilingPerApplication":3,
         "terms":{"sessions":2,"capacity":40},"requiredDocuments":[],"reviewDeadlineWorkingDays":5,
         "rules":[{"rule":"minMembers","value":7}]}
        """
    }
}
