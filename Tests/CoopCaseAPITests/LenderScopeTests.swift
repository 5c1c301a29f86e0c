import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import Testing

/// The entrusted lender records loan disbursements, and sees only what that needs: loan applications from their
/// approval on, and nothing of the registry.
@Suite struct LenderScopeTests {
    @Test func theLenderSeesLoanApplicationsFromApprovalOnAndRecordsTheirDisbursement() async throws {
        try await API.with(kind: .preferentialLoan) { api in
            let world = api.world
            let approved = try await world.drive(
                try await world.draft(), through: [.submit, .startReview, .recommend, .approve])
            let submitted = try await world.drive(try await world.draft(), through: [.submit])
            let listed = try await api.send(.get, "/v1/applications", as: .lender)
            let references = (listed["items"] as? [[String: Any]])?.compactMap { $0["reference"] as? String } ?? []
            #expect(references == [approved.reference.value], "only the approved loan")
            #expect(try await api.send(.get, "/v1/applications/\(approved.reference.value)", as: .lender).status == 200)
            #expect(
                try await api.send(.get, "/v1/applications/\(approved.reference.value)/events", as: .lender).status
                    == 200)
            for path in ["", "/events", "/allowed-actions"] {
                let hidden = try await api.send(
                    .get, "/v1/applications/\(submitted.reference.value)\(path)", as: .lender)
                #expect(hidden.status == 404, "a loan under review is not the lender's yet (\(path))")
            }
            let fulfilled = try await api.act(
                "fulfil", approved.reference.value, as: .lender,
                json:
                    #"{"evidence":{"reference":"GN-001","date":"2026-12-01T00:00:00Z","amount":100000000,"lender":"NHCSXH"}}"#
            )
            #expect(fulfilled.status == 200, "\(fulfilled.text.prefix(300))")
            #expect(try await api.send(.get, "/v1/cooperatives", as: .lender).status == 403)
            #expect(try await api.send(.get, "/v1/cooperatives/\(world.cooperative.id)", as: .lender).status == 403)
        }
    }

    @Test func theLenderSeesNoApplicationOfAnotherKind() async throws {
        try await API.with(kind: .equipmentGrant) { api in
            let approved = try await api.world.drive(
                try await api.world.draft(), through: [.submit, .startReview, .recommend, .approve])
            #expect(try await api.send(.get, "/v1/applications/\(approved.reference.value)", as: .lender).status == 404)
            let listed = try await api.send(.get, "/v1/applications", as: .lender)
            #expect((listed["items"] as? [Any])?.isEmpty == true)
        }
    }
}
