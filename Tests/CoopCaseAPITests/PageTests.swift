import Configuration
import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

@testable import CoopCaseAPI

/// The cooperative pages through the real application: content, languages, no enumeration, limits, escaping.
@Suite struct PageTests {
    /// Posts a form the way a browser does.
    func post(_ api: API, _ path: String, _ fields: [(String, String)]) async throws -> Reply {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._")
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
        let response = try await api.client.execute(
            uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body))
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: response.body))
    }

    /// A submitted application and its access code, made over the API as the cooperative would.
    func submitted(_ api: API) async throws -> (reference: String, code: String) {
        let created = try await api.send(
            .post, "/v1/applications", as: .applicant,
            json:
                #"{"programme":"\#(api.world.programme.code)","request":{"amount":5000000,"purpose":"Bí mật nội bộ"}}"#)
        let reference = try #require((created["application"] as? [String: Any])?["reference"] as? String)
        let code = try #require(created["accessCode"] as? String)
        #expect(try await api.act("submit", reference, as: .applicant).status == 200)
        return (reference, code)
    }

    @Test func theLookupFormIsVietnameseByDefaultWithAnEnglishSwitch() async throws {
        try await API.with { api in
            let form = try await api.send(.get, "/tra-cuu", as: .anonymous)
            #expect(form.status == 200)
            #expect(form.headers[.contentType] == "text/html; charset=utf-8")
            #expect(form.text.contains(#"<html lang="vi">"#))
            #expect(form.text.contains(#"<label for="reference">Mã hồ sơ</label>"#))
            #expect(form.text.contains(#"<label for="code">Mã tra cứu</label>"#))
            #expect(form.text.contains(#"href="/tra-cuu?lang=en""#))
            #expect(!form.text.contains("<script"), "no scripts at all")
            #expect(form.headers[.contentSecurityPolicy]?.contains("default-src 'none'; style-src 'self'") == true)
            let english = try await api.send(.get, "/tra-cuu?lang=en", as: .anonymous)
            #expect(english.text.contains(#"<html lang="en">"#) && english.text.contains("Access code"))
            let css = try await api.send(.get, "/assets/site.css", as: .anonymous)
            #expect(css.status == 200 && css.headers[.contentType] == "text/css; charset=utf-8")
            #expect(css.text.contains("@media print"))
            let root = try await api.send(.get, "/", as: .anonymous)
            #expect(root.status == 303 && root.headers[.location] == "/tra-cuu")
        }
    }

    @Test func theStatusPageShowsTheStateNextStepContactAndHistoryButNoPersonalData() async throws {
        try await API.with { api in
            let (reference, code) = try await submitted(api)
            let page = try await post(api, "/tra-cuu", [("reference", reference), ("code", code.lowercased())])
            #expect(page.status == 200)
            #expect(page.text.contains(reference))
            #expect(page.text.contains("Đã nộp"))
            #expect(page.text.contains("Cán bộ thẩm định sẽ bắt đầu xem xét"))
            #expect(!page.text.contains("Phòng Kinh tế"), "no office of an abolished district")
            #expect(page.text.contains("Bộ phận tiếp nhận hồ sơ của chương trình"))
            #expect(page.text.contains(#"<ol class="history">"#))
            #expect(page.text.components(separatedBy: "<li>").count - 1 == 2, "created and submitted")
            #expect(page.text.contains("Hạn trả lời"), "the review clock is running after submission")
            #expect(!page.text.contains("Bí mật") && !page.text.contains(api.world.cooperative.name))
            let english = try await post(
                api, "/tra-cuu", [("reference", reference.lowercased()), ("code", code), ("lang", "en")])
            #expect(english.status == 200 && english.text.contains("Submitted"))
            #expect(english.text.contains("What happens next"))
        }
    }

    @Test func aWrongCodeAndAnUnknownReferenceLookTheSame() async throws {
        try await API.with { api in
            let (reference, code) = try await submitted(api)
            let unknownReference = "TBI-2026-999999-3"
            let wrong = try await post(api, "/tra-cuu", [("reference", reference), ("code", "AAAA-AAAA")])
            let unknown = try await post(api, "/tra-cuu", [("reference", unknownReference), ("code", code)])
            let malformed = try await post(api, "/tra-cuu", [("reference", "không-phải-mã"), ("code", code)])
            #expect(wrong.status == 404 && unknown.status == 404 && malformed.status == 404)
            // The typed reference is echoed back into the form; everything else is identical.
            let wrongPage = wrong.text.replacingOccurrences(of: reference, with: "REF")
            #expect(wrongPage == unknown.text.replacingOccurrences(of: unknownReference, with: "REF"))
            #expect(wrongPage == malformed.text.replacingOccurrences(of: "không-phải-mã", with: "REF"))
            #expect(wrong.text.contains("Không tìm thấy hồ sơ"))
            let receipt = try await post(api, "/bien-nhan", [("reference", reference), ("code", "AAAA-AAAA")])
            #expect(receipt.status == 404 && !receipt.text.contains("Biên nhận hồ sơ"))
            let missing = try await post(api, "/tra-cuu", [("reference", reference)])
            #expect(missing.status == 400 && missing.text.contains("Vui lòng nhập cả mã hồ sơ và mã tra cứu"))
        }
    }

    @Test func theReceiptCarriesTheReferenceAndCodeAndPrintsCleanly() async throws {
        try await API.with { api in
            let (reference, code) = try await submitted(api)
            let typed = code.lowercased().replacingOccurrences(of: "-", with: "")
            let receipt = try await post(api, "/bien-nhan", [("reference", reference), ("code", typed)])
            #expect(receipt.status == 200)
            #expect(receipt.text.contains("Biên nhận hồ sơ"))
            #expect(receipt.text.contains(#"<dd class="big">\#(reference)</dd>"#))
            // Typed in lower case without its dash, shown as issued, in its two groups.
            #expect(code.count == 9 && code.dropFirst(4).first == "-")
            #expect(receipt.text.contains(#"<dd class="big code">\#(code)<span class="hint">"#))
            #expect(receipt.text.contains("5.000.000 ₫"))
            #expect(receipt.text.contains(#"class="no-print""#))
            let english = try await post(
                api, "/bien-nhan", [("reference", reference), ("code", code), ("lang", "en")])
            #expect(english.text.contains("Application receipt") && english.text.contains("Submitted on"))
            // A draft has no receipt yet.
            let draft = try await api.send(
                .post, "/v1/applications", as: .applicant,
                json: #"{"programme":"\#(api.world.programme.code)","request":{"amount":1000000,"purpose":"Nháp"}}"#)
            let draftReference = try #require((draft["application"] as? [String: Any])?["reference"] as? String)
            let draftCode = try #require(draft["accessCode"] as? String)
            let none = try await post(api, "/bien-nhan", [("reference", draftReference), ("code", draftCode)])
            #expect(none.status == 409 && none.text.contains("Hồ sơ chưa nộp nên chưa có biên nhận"))
        }
    }

    /// The receipt names the configured authority and desk, with its address and phone, and prints the configured public
    /// address of the lookup page; once approved, the approved amount stands beside the requested one.
    @Test func theReceiptNamesTheConfiguredOfficeAndTheApprovedAmount() async throws {
        let office: [AbsoluteConfigKey: ConfigValue] = [
            "office.authority.vi": "Ủy ban nhân dân thành phố Hải Phòng",
            "office.desk.vi": "Bộ phận Một cửa Sở Tài chính",
            "office.address": "Số 1 Đường Thử, Hải Phòng", "office.phone": "0225 123 4567",
            "office.publicAddress": "https://hotro.example.vn/",
        ]
        try await API.with(config: office) { api in
            let (reference, code) = try await submitted(api)
            var receipt = try await post(api, "/bien-nhan", [("reference", reference), ("code", code)])
            for text in [
                "Ủy ban nhân dân thành phố Hải Phòng", "Bộ phận Một cửa Sở Tài chính", "Số 1 Đường Thử, Hải Phòng",
                "0225 123 4567", "https://hotro.example.vn/tra-cuu",
            ] {
                #expect(receipt.text.contains(text), "\(text)")
            }
            #expect(!receipt.text.contains("127.0.0.1") && !receipt.text.contains("localhost"))
            #expect(!receipt.text.contains("Được phê duyệt"), "nothing approved yet")
            let lookup = try await api.send(.get, "/tra-cuu", as: .anonymous)
            #expect(lookup.text.contains("0225 123 4567") && lookup.text.contains("Số 1 Đường Thử, Hải Phòng"))
            #expect(lookup.text.contains(#"href="tel:02251234567""#), "a phone dials the digits")

            let application = try await api.world.applications.get(reference: reference, by: api.world.cast.auditor)
            _ = try await api.world.drive(
                application, through: [.startReview, .recommend, .approve], amount: 4_000_000)
            let decided = try await api.world.applications.get(reference: reference, by: api.world.cast.auditor)
            let approved = try #require(decided.decision?.amount)
            let shown = formatVND(approved)
            receipt = try await post(api, "/bien-nhan", [("reference", reference), ("code", code)])
            #expect(receipt.text.contains("<dt>Được phê duyệt</dt><dd>\(shown)</dd>"), "\(shown)")
            let status = try await post(api, "/tra-cuu", [("reference", reference), ("code", code)])
            #expect(status.text.contains("Được phê duyệt: <strong>\(shown)</strong>"))
        }
    }

    /// In production a receipt must never print a guessed address: the server refuses to start without one.
    @Test func productionRefusesToStartWithoutThePublicAddressAndDesk() async throws {
        await #expect(throws: Office.Missing.self) {
            try await API.with(config: ["environment": "production"]) { _ in }
        }
    }

    @Test func typedTextIsEscaped() async throws {
        try await API.with { api in
            let page = try await post(
                api, "/tra-cuu", [("reference", #"<script>alert("x")</script>"#), ("code", "ABCD-EFGH")])
            #expect(page.status == 404)
            #expect(!page.text.contains("<script>") && page.text.contains("&lt;script&gt;"))
        }
    }

    @Test func lookupsShareTheStatusRateLimit() async throws {
        try await API.with(config: ["rateLimit.status.burst": 2, "rateLimit.status.perMinute": 1]) { api in
            let (reference, code) = try await submitted(api)
            #expect(try await post(api, "/tra-cuu", [("reference", reference), ("code", code)]).status == 200)
            #expect(try await api.send(.get, "/v1/status/\(reference)?code=\(code)", as: .anonymous).status == 200)
            let limited = try await post(api, "/tra-cuu", [("reference", reference), ("code", code)])
            #expect(limited.status == 429)
            #expect(limited.headers[.retryAfter].flatMap(Int.init).map { $0 > 0 } == true)
            #expect(limited.text.contains("Tra cứu quá nhiều lần") && !limited.text.contains("Đã nộp"))
            #expect(try await api.send(.get, "/v1/status/\(reference)?code=\(code)", as: .anonymous).status == 429)
        }
    }

    @Test func datesAreShownOnVietnamsCalendar() {
        // 20:00 UTC on 29 November is already 30 November in Vietnam (UTC+7).
        let evening = Date(timeIntervalSince1970: 1_795_982_400)
        #expect(Pages.date(evening, .vi) == "30/11/2026")
        #expect(Pages.date(evening, .en) == "30 Nov 2026")
        #expect(Pages.dateTime(evening, .vi) == "30/11/2026 03:00")
    }
}
