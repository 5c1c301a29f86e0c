import CoopCaseDomain
import CoopCaseTestSupport
import Foundation
import HTTPTypes
import Testing

@testable import CoopCaseAPI

/// The statutory clock over HTTP: one due date wherever it is shown, the calendar kept by administrators, the
/// overdue list.
@Suite struct DeadlineHTTPTests {
    @Test func theApiTheStatusApiAndTheStatusPageShowOneDueDate() async throws {
        try await API.with { api in
            let created = try await api.send(
                .post, "/v1/applications", as: .applicant,
                json: #"{"programme":"\#(api.world.programme.code)","request":{"amount":5000000,"purpose":"Máy tính"}}"#
            )
            let reference = try #require((created["application"] as? [String: Any])?["reference"] as? String)
            let code = try #require(created["accessCode"] as? String)
            let submitted = try await api.act("submit", reference, as: .applicant)
            #expect(submitted.status == 200)
            let deadline = try #require(submitted["deadline"] as? [String: Any])
            let dueOn = try #require(deadline["dueOn"] as? String)
            #expect(deadline["phase"] as? String == "running" && deadline["late"] as? Bool == false)
            #expect((deadline["workingDaysLeft"] as? Int ?? 0) >= 14)
            #expect(submitted["intakeDueAt"] != nil)
            // The day it names is the one the shipped calendar gives.
            let expected = try StatutoryClock(
                calendar: WorkingCalendar(
                    entries: StatutoryCalendar.shippedYears.flatMap(StatutoryCalendar.entries(for:)),
                    covering: StatutoryCalendar.shippedYears)
            ).reviewDue(from: Date(), workingDays: api.world.programme.reviewDeadlineWorkingDays)
            #expect(dueOn == expected.description)
            let read = try await api.send(.get, "/v1/applications/\(reference)", as: .officer)
            #expect((read["deadline"] as? [String: Any])?["dueOn"] as? String == dueOn)
            let status = try await api.send(.get, "/v1/status/\(reference)?code=\(code)", as: .anonymous)
            #expect(status["reviewDueOn"] as? String == dueOn && status["late"] as? Bool == false)
            let parts = dueOn.split(separator: "-")
            let shown = "\(parts[2])/\(parts[1])/\(parts[0])"
            let form = try await api.client.execute(
                uri: "/tra-cuu", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: .init(string: "reference=\(reference)&code=\(code)"))
            let html = String(buffer: form.body)
            #expect(html.contains("Hạn trả lời: <strong>\(shown)</strong>"), "the status page names \(shown)")
            let receipt = try await api.client.execute(
                uri: "/bien-nhan", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: .init(string: "reference=\(reference)&code=\(code)"))
            #expect(String(buffer: receipt.body).contains("<dd>\(shown)</dd>"), "the receipt names \(shown)")
        }
    }

    @Test func administratorsKeepTheCalendarAndOthersOnlyReadIt() async throws {
        try await API.with { api in
            let calendar = try await api.send(.get, "/v1/calendar?year=2026", as: .officer)
            #expect(calendar.status == 200)
            #expect((calendar["years"] as? [Int]) == Array(StatutoryCalendar.shippedYears))
            let entries = try #require(calendar["entries"] as? [[String: Any]])
            #expect(entries.contains { $0["day"] as? String == "2026-02-17" && $0["kind"] as? String == "dayOff" })
            #expect(entries.allSatisfy { ($0["day"] as? String)?.hasPrefix("2026-") == true })
            #expect(try await api.send(.get, "/v1/calendar", as: .applicant).status == 403)
            let entry =
                #"{"day":"2027-03-08","kind":"dayOff","nameVi":"Nghỉ thử","nameEn":"Trial","basis":"Quyết định thử"}"#
            let before = try await api.footprint()
            #expect(try await api.send(.post, "/v1/calendar/entries", as: .officer, json: entry).status == 403)
            #expect(try await api.send(.post, "/v1/calendar/entries", as: .admin, json: entry).status == 201)
            #expect(try await api.send(.post, "/v1/calendar/entries", as: .admin, json: entry).status == 409)
            let weekday = #"{"day":"2027-03-09","kind":"workingDay","nameVi":"Làm bù","nameEn":"Make-up","basis":"X"}"#
            let refused = try await api.send(.post, "/v1/calendar/entries", as: .admin, json: weekday)
            #expect(refused.status == 422 && refused["field"] as? String == "day")
            for bad in ["2027-02-30", "27-03-08"] {
                let reply = try await api.send(
                    .post, "/v1/calendar/entries", as: .admin,
                    json: #"{"day":"\#(bad)","kind":"dayOff","nameVi":"a","nameEn":"b","basis":"c"}"#)
                #expect([400, 422].contains(reply.status), "\(bad): \(reply.status)")
            }
            // Days PostgreSQL or the calendar cannot hold are the client's error, never the server's.
            for day in ["0000-01-01", "2300-01-01", "1899-12-31"] {
                #expect(try await api.send(.delete, "/v1/calendar/entries/\(day)", as: .admin).status == 400, "\(day)")
            }
            #expect(
                await refusal {
                    try await api.world.service.calendar.remove(
                        CivilDay(year: 0, month: 1, day: 1), by: api.world.cast.admin)
                } == .notFound(entity: .calendarEntry, key: "0000-01-01"))
            #expect(try await api.send(.delete, "/v1/calendar/entries/2027-03-08", as: .admin).status == 204)
            #expect(try await api.send(.delete, "/v1/calendar/entries/2027-03-08", as: .admin).status == 404)
            #expect(try await api.footprint() == before)
            let file = "day,kind,name_vi,name_en,basis\\n2031-01-01,dayOff,Tết,New Year,X\\n2031-13-01,dayOff,a,b,c\\n"
            let badImport = try await api.send(
                .put, "/v1/calendar/years/2031", as: .admin, json: #"{"basis":"QĐ 2031","csv":"\#(file)"}"#)
            #expect(badImport.status == 422 && badImport["code"] as? String == "invalidFile")
            #expect((badImport["lines"] as? [[String: Any]])?.map { $0["line"] as? Int } == [3])
            let good = "day,kind,name_vi,name_en,basis\\n2031-01-01,dayOff,Tết,New Year,X\\n"
            let imported = try await api.send(
                .put, "/v1/calendar/years/2031", as: .admin, json: #"{"basis":"QĐ 2031","csv":"\#(good)"}"#)
            #expect(imported.status == 200 && imported["entries"] as? Int == 1)
            let changes = try await api.send(.get, "/v1/calendar/changes", as: .auditor)
            let items = try #require(changes["items"] as? [[String: Any]])
            #expect(items.prefix(3).map { $0["change"] as? String } == ["import", "remove", "add"])
            #expect(items.prefix(3).allSatisfy { $0["username"] as? String == api.world.cast.admin.username })
        }
    }

    @Test func theOverdueListIsForStaff() async throws {
        try await API.with { api in
            let reply = try await api.send(.get, "/v1/deadlines/overdue", as: .approver)
            #expect(reply.status == 200 && (reply["items"] as? [Any])?.isEmpty == true)
            #expect(try await api.send(.get, "/v1/deadlines/overdue", as: .applicant).status == 403)
            #expect(try await api.send(.get, "/v1/deadlines/overdue", as: .lender).status == 403)
            #expect(try await api.send(.get, "/v1/deadlines/overdue", as: .anonymous).status == 401)
        }
    }
}

/// Registry edits over HTTP: If-Match as for applications, and the history.
@Suite struct CooperativeEditHTTPTests {
    @Test func anEditNeedsTheVersionLastReadAndIsKeptInTheHistory() async throws {
        try await API.with { api in
            let id = api.world.cooperative.id.uuidString
            let read = try await api.send(.get, "/v1/cooperatives/\(id)", as: .officer)
            #expect(read.headers[.eTag] == "\"1\"" && read["version"] as? Int == 1)
            let body = AuthorizationMatrixTests.cooperativeJSON(api.world.cooperative.code.value)
            let before = try await api.footprint()
            #expect(try await api.send(.put, "/v1/cooperatives/\(id)", as: .officer, json: body).status == 428)
            let saved = try await api.send(
                .put, "/v1/cooperatives/\(id)", as: .officer, json: body, headers: ["If-Match": "\"1\""])
            #expect(saved.status == 200 && saved.headers[.eTag] == "\"2\"" && saved["members"] as? Int == 9)
            let stale = try await api.send(
                .put, "/v1/cooperatives/\(id)", as: .admin, json: body, headers: ["If-Match": "\"1\""])
            #expect(stale.status == 412 && stale["code"] as? String == "stale")
            let applicant = try await api.send(
                .put, "/v1/cooperatives/\(id)", as: .applicant, json: body, headers: ["If-Match": "\"2\""])
            #expect(applicant.status == 403)
            #expect(try await api.footprint() == before, "no application, event or user changed")
            let history = try await api.send(.get, "/v1/cooperatives/\(id)/history", as: .auditor)
            let items = try #require(history["items"] as? [[String: Any]])
            #expect(items.count == 1 && items.first?["username"] as? String == api.world.cast.officer.username)
            let fields = (items.first?["changes"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? []
            #expect(fields.contains("members") && fields.contains("name"))
        }
    }
}
