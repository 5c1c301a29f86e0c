import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// Server-rendered pages for cooperatives: the status lookup and the printable receipt (biên nhận).
/// No scripts and nothing from outside the server; the same limits and no-enumeration rule as `/v1/status`.
struct Pages: Sendable {
    let library: MustacheLibrary
    let stylesheet: ByteBuffer
    let service: CoopCase
    let limiter: RateLimiter
    let statusLimit: RateLimiter.Limit
    let office: Office

    /// Every page's policy: the server's own stylesheet, forms posted back to it, nothing else.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    /// Paths the pages answer: the public ones, and the workspace's (which checks its own sessions).
    static func isPage(_ path: String) -> Bool {
        ["/", "/tra-cuu", "/bien-nhan", "/assets/site.css"].contains(path) || Workspace.owns(path)
    }

    init(service: CoopCase, limiter: RateLimiter, statusLimit: RateLimiter.Limit, office: Office) throws {
        (library, stylesheet) = try Self.load(["layout", "lookup", "status", "receipt"], stylesheet: "site.css")
        self.service = service
        self.limiter = limiter
        self.statusLimit = statusLimit
        self.office = office
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/tra-cuu"]) }
        router.get("/assets/site.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: stylesheet))
        }
        router.get("/tra-cuu") { request, _ in
            let language = Self.language(request.uri.queryParameters["lang"].map(String.init))
            return render("lookup", LookupPage(text: .for(language), desk: desk(language)), status: .ok)
        }
        router.post("/tra-cuu") { request, context in
            try await answer(request, context: context, page: .status)
        }
        router.post("/bien-nhan") { request, context in
            try await answer(request, context: context, page: .receipt)
        }
    }

    enum Kind { case status, receipt }

    struct Form: Decodable {
        var reference: String?
        var code: String?
        var lang: String?
    }

    private func answer(_ request: Request, context: AppRequestContext, page: Kind) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: 4096)
        } catch is NIOTooManyBytesError {
            // A form of two short fields never needs more; answered as a page, in the language asked for.
            let text = PageText.for(Self.language(request.uri.queryParameters["lang"].map(String.init)))
            return render(
                "lookup",
                LookupPage(
                    text: text, desk: desk(text.lang == "en" ? .en : .vi),
                    error: .init(heading: text.missingHeading, message: text.tooLargeBody)),
                status: .contentTooLarge)
        }
        let form = (try? URLEncodedFormDecoder().decode(Form.self, from: String(buffer: body))) ?? Form()
        let text = PageText.for(Self.language(form.lang))
        let language: Language = text.lang == "en" ? .en : .vi
        let reference = (form.reference ?? "").trimmed()
        let code = (form.code ?? "").trimmed()
        func lookupAgain(_ status: HTTPResponse.Status, _ heading: String, _ message: String) -> Response {
            render(
                "lookup",
                LookupPage(
                    text: text, desk: desk(language), reference: reference,
                    error: .init(heading: heading, message: message)),
                status: status)
        }
        guard !reference.isEmpty, !code.isEmpty else {
            return lookupAgain(.badRequest, text.missingHeading, text.missingBody)
        }
        // One bucket with the status API, so alternating between them gains nothing.
        if let wait = limiter.take("status:\(context.clientAddress)", statusLimit) {
            var response = lookupAgain(
                .tooManyRequests, text.tooManyHeading, String(format: text.tooManyBody, wait))
            response.headers[.retryAfter] = String(wait)
            return response
        }
        do {
            // Unknown reference and wrong code are answered alike, byte for byte.
            guard reference.count <= 40, code.count <= 40,
                let found = try await service.applications.lookUp(reference: reference, accessCode: code)
            else { return lookupAgain(.notFound, text.notFoundHeading, text.notFoundBody) }
            let (application, programme) = (found.application, found.programme)
            let status = PublicStatus(application: application, programme: programme, deadline: found.deadline)
            let shown = StatusFacts(
                application: application, programme: programme, status: status, language: language, code: code,
                desk: desk(language))
            switch page {
            case .status:
                let history = found.history
                return render(
                    "status",
                    StatusPage(
                        facts: shown, text: text,
                        history: history.map {
                            .init(at: Self.dateTime($0.0, language), label: $0.1.label.text(language))
                        }),
                    status: .ok)
            case .receipt:
                guard let submitted = application.submittedAt else {
                    return lookupAgain(.conflict, text.receiptHeading, text.notSubmittedBody)
                }
                return render(
                    "receipt",
                    ReceiptPage(
                        facts: shown, text: text, submitted: Self.dateTime(submitted, language),
                        lookupAddress: office.lookupAddress(requestAuthority: request.head.authority)),
                    status: .ok)
            }
        } catch {
            service.logger.error("page lookup failed", metadata: ["error": "\(String(reflecting: error))"])
            var response = lookupAgain(.serviceUnavailable, text.unavailableHeading, text.unavailableBody)
            response.headers[.retryAfter] = "30"
            return response
        }
    }

    private func render(_ template: String, _ model: some PageModel, status: HTTPResponse.Status) -> Response {
        Self.html(library.render(model, withTemplate: template) ?? "", status: status)
    }

    /// A page as every page is answered: HTML under the pages' content security policy.
    static func html(_ html: String, status: HTTPResponse.Status) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .contentSecurityPolicy: contentSecurityPolicy],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    static func language(_ value: String?) -> Language { value == "en" ? .en : .vi }

    /// Templates and a stylesheet from the bundle's `Pages` folder (the cooperatives' pages and the workspace's).
    static func load(_ templates: [String], stylesheet: String) throws -> (MustacheLibrary, ByteBuffer) {
        guard let directory = Bundle.module.url(forResource: "Pages", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Pages"])
        }
        MustacheContentTypes.register(PageHTML(), named: PageHTML.name)
        var library = MustacheLibrary()
        for name in templates {
            let url = directory.appendingPathComponent("\(name).mustache")
            try library.register(PageHTML.pragma + (try String(contentsOf: url, encoding: .utf8)), named: name)
        }
        return (library, ByteBuffer(bytes: try Data(contentsOf: directory.appendingPathComponent(stylesheet))))
    }

    /// The configured desk as every page shows it.
    func desk(_ language: Language) -> Desk {
        Desk(
            authority: office.authority.text(language), name: office.desk.text(language), address: office.address,
            phone: office.phone)
    }

    static func date(_ date: Date, _ language: Language) -> String { DisplayDate.day(date, language) }

    static func dateTime(_ date: Date, _ language: Language) -> String { DisplayDate.moment(date, language) }
}
