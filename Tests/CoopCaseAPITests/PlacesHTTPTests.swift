import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import CoopCaseAPI

/// The unit catalogue over HTTP: read, imported (a bad file changes nothing), and applied to the registry.
@Suite struct PlacesHTTPTests {
    @Test func aFileIsImportedWholeOrNotAtAllAndTheRemapMovesTheRegistryWithItsHistory() async throws {
        try await API.with { api in
            let header = "code,level,name,valid_to,successors,effective,basis"
            let bad = try await api.send(
                .post, "/v1/places/imports", as: .admin,
                json: #"{"csv":"\#(header)\n900301,commune,Xã Mới,,,,\n9x,commune,Sai,,,,\n900302,ward,Sai cấp,,,,\n"}"#
            )
            #expect(bad.status == 422 && bad.code == "invalidFile")
            #expect((bad["lines"] as? [[String: Any]])?.compactMap { $0["line"] as? Int } == [3, 4])
            let listed = try await api.send(.get, "/v1/places?level=commune", as: .auditor)
            #expect(listed.status == 200)
            #expect((listed["units"] as? [[String: Any]])?.contains { $0["code"] as? String == "900301" } == false)

            let ward = api.world.cooperative.address.ward
            let good = try await api.send(
                .post, "/v1/places/imports", as: .officer,
                json: """
                    {"csv":"\(header)\\n900301,commune,Phường Mới,,,,\\n\(ward.code),commune,\(ward.name),2025-06-30,900301,2025-07-01,Nghị quyết thử\\n"}
                    """)
            #expect(good.status == 200 && good["units"] as? Int == 2)
            let communes = try await api.send(.get, "/v1/places?level=commune", as: .auditor)
            let units = try #require(communes["units"] as? [[String: Any]])
            #expect(units.contains { $0["code"] as? String == ward.code && $0["validTo"] as? String == "2025-06-30" })
            #expect(units.allSatisfy { $0["level"] as? String == "commune" })
            let successions = try #require(communes["successions"] as? [[String: Any]])
            #expect(
                successions.contains {
                    $0["from"] as? String == ward.code && $0["to"] as? String == "900301"
                        && $0["effective"] as? String == "2025-07-01"
                })

            let dry = try await api.send(.post, "/v1/places/remaps?dryRun=true", as: .officer)
            #expect(dry.status == 200 && dry["dryRun"] as? Bool == true)
            let planned = try #require(dry["items"] as? [[String: Any]])
            #expect(planned.contains { $0["code"] as? String == api.world.cooperative.code.value })
            let path = "/v1/cooperatives/\(api.world.cooperative.id.uuidString.lowercased())"
            #expect(
                (try await api.send(.get, path, as: .officer)["address"] as? [String: Any]).flatMap {
                    ($0["ward"] as? [String: Any])?["code"] as? String
                } == ward.code, "a dry run moves nothing")
            let done = try await api.send(.post, "/v1/places/remaps", as: .admin)
            #expect((done["items"] as? [[String: Any]])?.count == planned.count)
            let moved = try await api.send(.get, path, as: .officer)
            #expect(
                ((moved["address"] as? [String: Any])?["ward"] as? [String: Any])?["name"] as? String == "Phường Mới")
            let history = try await api.send(.get, path + "/history", as: .auditor)
            let changes = ((history["items"] as? [[String: Any]])?.last?["changes"] as? [[String: Any]]) ?? []
            #expect(
                changes.contains {
                    $0["field"] as? String == "address.ward" && $0["from"] as? String == "\(ward.name) (\(ward.code))"
                })
            let again = try await api.send(.post, "/v1/places/remaps?dryRun=true", as: .admin)
            #expect((again["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }
}
