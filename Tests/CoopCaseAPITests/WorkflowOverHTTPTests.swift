import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import HTTPTypes
import Testing

@Suite struct WorkflowOverHTTPTests {
    /// Inputs per action and kind, as a client would send them.
    static func body(_ action: String, kind: ProgrammeKind, amount: Int64) -> String? {
        switch action {
        case "update": return #"{"request":{"amount":\#(amount),"purpose":"Cập nhật phương án"}}"#
        case "requestInfo": return #"{"message":"Đề nghị bổ sung báo giá"}"#
        case "recommend": return #"{"recommendation":"award","amount":\#(amount),"reason":"Đủ điều kiện"}"#
        case "returnForReview": return #"{"reason":"Xem lại số tiền"}"#
        case "approve": return #"{"amount":\#(amount),"reason":"Đồng ý","legalBasis":"Nghị quyết 12/2025/NQ-HĐND"}"#
        case "fulfil":
            switch kind {
            case .preferentialLoan:
                return
                    #"{"evidence":{"reference":"GN-01","date":"2026-11-20T08:00:00Z","amount":\#(amount),"lender":"NHCSXH"}}"#
            case .training: return #"{"evidence":{"attendees":\#(amount),"sessionsAttended":4}}"#
            case .equipmentGrant:
                return #"{"evidence":{"amount":\#(amount),"items":[{"name":"Máy tính","serialNumber":"SN-1"}]}}"#
            case .digitalBranding: return #"{"evidence":{"amount":\#(amount),"liveUrl":"https://htx.example.vn"}}"#
            }
        default: return nil
        }
    }

    @Test(arguments: ProgrammeKind.allCases)
    func everyKindFromDraftToClosedOverHTTP(kind: ProgrammeKind) async throws {
        try await API.with(kind: kind) { api in
            let amount: Int64 = kind == .training ? 5 : 40_000_000
            let created = try await api.send(
                .post, "/v1/applications", as: .applicant,
                json:
                    #"{"programme":"\#(api.world.programme.code)","request":{"amount":\#(amount),"purpose":"Hỗ trợ chuyển đổi số"}}"#
            )
            #expect(created.status == 201)
            let application = try #require(created["application"] as? [String: Any])
            let ref = try #require(application["reference"] as? String)
            #expect((created["accessCode"] as? String)?.count == 9)
            #expect(created.headers[.eTag] == "\"1\"")
            let steps: [(String, Caller)] = [
                ("update", .applicant), ("submit", .applicant), ("startReview", .officer), ("requestInfo", .officer),
                ("resubmit", .applicant), ("recommend", .officer), ("returnForReview", .approver),
                ("recommend", .officer), ("approve", .approver),
                ("fulfil", kind == .preferentialLoan ? .lender : .officer), ("close", .officer),
            ]
            for (action, caller) in steps {
                let reply = try await api.act(
                    action, ref, as: caller, json: Self.body(action, kind: kind, amount: amount))
                #expect(reply.status == 200, "\(action) as \(caller): \(reply.text)")
            }
            let final = try await api.send(.get, "/v1/applications/\(ref)", as: .auditor)
            #expect(final["state"] as? String == "closed")
            #expect(final.headers[.eTag] == "\"\(steps.count + 1)\"")
            let events = try await api.send(.get, "/v1/applications/\(ref)/events", as: .auditor)
            let items = events["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["action"] as? String } == ["create"] + steps.map(\.0))
            #expect(items.allSatisfy { $0["channel"] as? String == "api" })
            // The chain as served: each prevHash is the previous hash.
            for (previous, next) in zip(items, items.dropFirst()) {
                #expect(next["prevHash"] as? String == previous["hash"] as? String)
            }
            let budget = try await api.send(.get, "/v1/programmes/\(api.world.programme.code)/budget", as: .officer)
            #expect(budget["spent"] as? Int == Int(amount) && budget["reserved"] as? Int == 0)
            let allowed = try await api.send(.get, "/v1/applications/\(ref)/allowed-actions", as: .officer)
            // Closed: nothing left but a new access code, should the cooperative lose its receipt.
            #expect((allowed["actions"] as? [String]) == ["reissueCode"])
        }
    }

    @Test func refusedActionsSayWhichRuleRefused() async throws {
        try await API.with { api in
            let draft = try await api.world.draft()
            let ref = draft.reference.value
            let approve = try await api.act(
                "approve", ref, as: .approver, json: Self.body("approve", kind: .equipmentGrant, amount: 1))
            #expect(approve.status == 409 && approve.code == "invalidTransition")
            #expect(approve["rule"] as? String == "workflowTable")
            let forbidden = try await api.act("startReview", ref, as: .auditor)
            #expect(forbidden.status == 403 && forbidden.code == "forbidden")
            let english = try await api.send(
                .post, "/v1/applications/\(ref)/actions/approve", as: .approver,
                headers: ["If-Match": "\"1\"", "Accept-Language": "en"])
            #expect(english["title"] as? String == "Invalid transition")
            let vietnamese = try await api.send(
                .post, "/v1/applications/\(ref)/actions/approve", as: .approver, headers: ["If-Match": "\"1\""])
            #expect(vietnamese["title"] as? String == "Thao tác không hợp lệ")
        }
    }

    @Test func publicStatusShowsProgressWithoutPersonalData() async throws {
        try await API.with { api in
            let created = try await api.send(
                .post, "/v1/applications", as: .applicant,
                json:
                    #"{"programme":"\#(api.world.programme.code)","request":{"amount":5000000,"purpose":"Bí mật nội bộ"}}"#
            )
            let ref = try #require((created["application"] as? [String: Any])?["reference"] as? String)
            let code = try #require(created["accessCode"] as? String)
            #expect(try await api.act("submit", ref, as: .applicant).status == 200)
            let status = try await api.send(.get, "/v1/status/\(ref)?code=\(code)", as: .anonymous)
            #expect(status.status == 200)
            #expect(status["state"] as? String == "submitted")
            #expect(status["stateLabel"] as? String == "Đã nộp")
            #expect((status["history"] as? [Any])?.count == 2)
            #expect(!status.text.contains("Bí mật") && !status.text.contains(api.world.cooperative.name))
            let english = try await api.send(
                .get, "/v1/status/\(ref.lowercased())?code=\(code.lowercased())", as: .anonymous,
                headers: ["Accept-Language": "en"])
            #expect(english["stateLabel"] as? String == "Submitted")
            let wrong = try await api.send(.get, "/v1/status/\(ref)?code=AAAA-AAAA", as: .anonymous)
            let unknown = try await api.send(.get, "/v1/status/TBI-2026-999999-3?code=\(code)", as: .anonymous)
            #expect(wrong.status == 404 && unknown.status == 404 && wrong.body == unknown.body)
        }
    }
}
