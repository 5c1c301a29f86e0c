import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import CoopCaseAPI

/// The holder of the access code reads, in plain words, what the office asked for and why it said no.
@Suite struct PublicStatusWordsTests {
    @Test func theRequestForInformationAndTheRejectionReasonReachTheCodeHolder() async throws {
        try await API.with { api in
            let created = try await api.send(
                .post, "/v1/applications", as: .applicant,
                json: #"{"programme":"\#(api.world.programme.code)","request":{"amount":5000000,"purpose":"Máy tính"}}"#
            )
            let reference = try #require((created["application"] as? [String: Any])?["reference"] as? String)
            let code = try #require(created["accessCode"] as? String)
            #expect(try await api.act("submit", reference, as: .applicant).status == 200)
            #expect(try await api.act("startReview", reference, as: .officer).status == 200)
            let asked = "Bổ sung báo giá máy tính có đóng dấu của nhà cung cấp"
            #expect(
                try await api.act("requestInfo", reference, as: .officer, json: #"{"message":"\#(asked)"}"#).status
                    == 200)
            func status(_ language: String = "vi") async throws -> Reply {
                try await api.send(
                    .get, "/v1/status/\(reference)?code=\(code)", as: .anonymous, headers: ["Accept-Language": language]
                )
            }
            #expect(try await status()["informationRequested"] as? String == asked)
            #expect(try await status()["rejectionReason"] == nil)
            let page = try await api.client.execute(
                uri: "/tra-cuu", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: .init(string: "reference=\(reference)&code=\(code)"))
            let html = String(buffer: page.body)
            #expect(html.contains("Nội dung cần bổ sung") && html.contains(asked))
            // A wrong code still learns nothing.
            let wrong = try await api.send(.get, "/v1/status/\(reference)?code=ABCD-EFGH", as: .anonymous)
            #expect(wrong.status == 404 && !wrong.text.contains(asked))

            #expect(try await api.act("resubmit", reference, as: .applicant).status == 200)
            #expect(
                try await api.act(
                    "reject", reference, as: .approver,
                    json:
                        #"{"reasonCode":"infeasiblePlan","reason":"Chưa có phương án bảo trì thiết bị","legalBasis":"Nghị quyết 12/2025/NQ-HĐND (ví dụ)"}"#
                ).status == 200)
            let rejected = try await status()
            #expect(rejected["informationRequested"] == nil)
            #expect(
                rejected["rejectionReason"] as? String
                    == "Phương án không khả thi: Chưa có phương án bảo trì thiết bị")
            #expect(
                try await status("en")["rejectionReason"] as? String
                    == "Plan not feasible: Chưa có phương án bảo trì thiết bị")
        }
    }
}
