import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore

/// The officers' workspace: server-rendered pages over the same use cases as REST and the CLI, for provincial staff
/// (officers, approvers, auditors, administrators). Signed in with a cookie session; every form carries the
/// session's form token; no script and nothing from outside the server.
struct Workspace: Sendable {
    let library: MustacheLibrary
    let stylesheet: ByteBuffer
    let service: CoopCase
    let limiter: RateLimiter
    let loginLimit: RateLimiter.Limit
    let settings: WorkspaceSettings
    /// Names the issuing office on the slips.
    let office: Office

    static let prefix = "/workspace"
    static let stylesheetPath = "/assets/workspace.css"
    static let templates = [
        "ws-layout", "ws-sign-in", "ws-message", "ws-queue", "ws-case", "ws-registry", "ws-cooperative",
        "ws-programmes", "ws-users", "ws-export", "ws-code",
    ]
    /// A form of ours is a few fields; far below the API's limit.
    static let formLimit = 16 * 1024

    /// Whether the workspace answers `path` (it reads its own forms and sessions).
    static func owns(_ path: String) -> Bool {
        path == prefix || path.hasPrefix(prefix + "/") || path == stylesheetPath || path == slipStylesheetPath
    }

    /// The paths and methods, for the server's 405 answers.
    static let routes: [(String, [HTTPRequest.Method])] = [
        (prefix, [.get]), (prefix + "/sign-in", [.get, .post]), (prefix + "/sign-out", [.post]),
        (prefix + "/language", [.get]), (prefix + "/applications/{ref}", [.get]),
        (prefix + "/applications/{ref}/{action}", [.post]), (prefix + "/cooperatives", [.get]),
        (prefix + "/cooperatives/{id}", [.get]), (prefix + "/cooperatives/{id}/applications", [.post]),
        (prefix + "/cooperatives/{id}/edit", [.post]),
        (prefix + "/applications/{ref}/slips/{kind}", [.get]), (slipStylesheetPath, [.get]),
        (prefix + "/programmes", [.get]), (prefix + "/users", [.get, .post]),
        (prefix + "/users/{username}/{change}", [.post]), (prefix + "/export", [.get, .post]),
        (stylesheetPath, [.get]),
    ]

    init(
        service: CoopCase, limiter: RateLimiter, loginLimit: RateLimiter.Limit, settings: WorkspaceSettings,
        office: Office
    ) throws {
        (library, stylesheet) = try Pages.load(Self.templates, stylesheet: "workspace.css")
        self.service = service
        self.limiter = limiter
        self.loginLimit = loginLimit
        self.settings = settings
        self.office = office
    }

    /// Who is signed in on this request, in which language.
    struct Visit {
        let user: User
        let token: String
        let language: Language
        var actor: Actor { user.actor }
        var formToken: String { WorkspaceSession.formToken(forSession: token) }
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(RouterPath(Self.stylesheetPath)) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: stylesheet))
        }
        router.get(RouterPath(Self.slipStylesheetPath)) { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: SlipHTML.stylesheet)))
        }
        router.get("/workspace/sign-in") { request, _ in signInPage(request) }
        router.post("/workspace/sign-in") { request, context in try await signIn(request, context: context) }
        router.post("/workspace/sign-out") { request, _ in
            try await posted(request) { visit, _ in
                try await service.sessions.revoke(tokenHash: Tokens.hash(visit.token))
                var response = redirect("/workspace/sign-in?signed-out=1")
                response.setCookie(WorkspaceSession.expired(WorkspaceSession.sessionCookie, secure: settings.secure))
                return response
            }
        }
        router.get("/workspace/language") { request, _ in
            let to = Pages.language(request.uri.queryParameters["to"].map(String.init))
            let next = request.uri.queryParameters["next"].map(String.init) ?? Self.prefix
            // Only back into the workspace: never a redirect to elsewhere.
            let safe = Self.owns(next) && !next.contains("//") && !next.contains("\\") ? next : Self.prefix
            var response = redirect(safe)
            response.setCookie(
                WorkspaceSession.cookie(
                    WorkspaceSession.languageCookie, to.rawValue, maxAge: 365 * 86_400, secure: settings.secure))
            return response
        }
        router.get("/workspace") { request, _ in try await signedIn(request) { try await queuePage(request, $0) } }
        router.get("/workspace/applications/:ref") { request, context in
            let reference = context.parameters.get("ref") ?? ""
            let done = request.uri.queryParameters["done"].flatMap { Action(rawValue: String($0)) }
            return try await signedIn(request) { visit in
                try await casePage(
                    reference, visit,
                    flash: done.map { "\(text("done", visit.language)) \($0.label.text(visit.language))" })
            }
        }
        router.post("/workspace/applications/:ref/:action") { request, context in
            let reference = context.parameters.get("ref") ?? ""
            let action = context.parameters.get("action") ?? ""
            return try await posted(request) { visit, form in
                action == "access-code"
                    ? try await reissue(reference, form, visit)
                    : try await act(action, on: reference, form: form, visit)
            }
        }
        router.get("/workspace/applications/:ref/slips/:kind") { request, context in
            let reference = context.parameters.get("ref") ?? ""
            let kind = context.parameters.get("kind") ?? ""
            return try await signedIn(request) {
                try await slipPage(reference, kind, authority: request.head.authority, $0)
            }
        }
        router.post("/workspace/cooperatives/:id/edit") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await posted(request) { visit, form in try await editCooperative(id, form, visit) }
        }
        router.post("/workspace/cooperatives/:id/applications") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await posted(request) { visit, form in try await openAtDesk(id, form, visit) }
        }
        router.get("/workspace/cooperatives") { request, _ in
            try await signedIn(request) { try await registryPage(request, $0) }
        }
        router.get("/workspace/cooperatives/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            let edited = request.uri.queryParameters["done"] == "edit"
            return try await signedIn(request) { visit in
                try await cooperativePage(id, visit, flash: edited ? text("entryEdited", visit.language) : nil)
            }
        }
        router.get("/workspace/programmes") { request, _ in
            try await signedIn(request) { try await programmesPage($0) }
        }
        router.get("/workspace/users") { request, _ in
            try await signedIn(request) { try await usersPage(request, $0) }
        }
        router.post("/workspace/users") { request, _ in
            try await posted(request) { visit, form in try await addUser(form, visit) }
        }
        router.post("/workspace/users/:username/:change") { request, context in
            let username = context.parameters.get("username") ?? ""
            let change = context.parameters.get("change") ?? ""
            return try await posted(request) { visit, form in try await changeUser(username, change, form, visit) }
        }
        router.get("/workspace/export") { request, _ in try await signedIn(request) { try exportPage($0) } }
        router.post("/workspace/export") { request, _ in
            try await posted(request) { visit, form in try await export(form, visit) }
        }
    }

    // MARK: Sessions

    func language(of request: Request) -> Language {
        Pages.language(request.cookies[WorkspaceSession.languageCookie]?.value)
    }

    /// The live session on this request, if any (and marks it used).
    func visit(_ request: Request) async throws -> Visit? {
        guard let token = request.cookies[WorkspaceSession.sessionCookie]?.value, !token.isEmpty, token.count <= 100,
            let user = try await service.sessions.webUser(token: token)
        else { return nil }
        return Visit(user: user, token: token, language: language(of: request))
    }

    /// A page for signed-in staff: anyone else is sent to sign in (a session that ended is told so), and a signed-in
    /// account without the workspace is refused.
    func signedIn(_ request: Request, _ body: (Visit) async throws -> Response) async throws -> Response {
        let language = language(of: request)
        do {
            guard let visit = try await visit(request) else {
                let ended = request.cookies[WorkspaceSession.sessionCookie] != nil
                var response = redirect("/workspace/sign-in" + (ended ? "?ended=1" : ""))
                if ended {
                    response.setCookie(
                        WorkspaceSession.expired(WorkspaceSession.sessionCookie, secure: settings.secure))
                }
                return response
            }
            try visit.actor.require(.useWorkspace)
            return try await body(visit)
        } catch {
            return failure(error, language: language, visit: nil)
        }
    }

    struct FormRefusal: Error { var status: HTTPResponse.Status }

    /// A form's body, read within the limit and strictly (UTF-8 text, no NUL): the fields, or the status refusing it.
    func readForm(_ request: Request) async -> Result<FormFields, FormRefusal> {
        var request = request
        guard let bytes = try? await request.collectBody(upTo: Self.formLimit) else {
            return .failure(FormRefusal(status: .contentTooLarge))
        }
        guard let text = String(validating: bytes.readableBytesView, as: UTF8.self), let fields = FormFields(text)
        else {
            return .failure(FormRefusal(status: .badRequest))
        }
        return .success(fields)
    }

    /// A form for signed-in staff: its body read within the limit, and its form token checked before anything else
    /// is read; a form without it changes nothing.
    func posted(_ request: Request, _ body: (Visit, FormFields) async throws -> Response) async throws -> Response {
        let language = language(of: request)
        let form: FormFields
        switch await readForm(request) {
        case .success(let fields): form = fields
        case .failure(let refusal): return message(refusal.status, "badFormTitle", "badFormBody", language: language)
        }
        return try await signedIn(request) { visit in
            guard let token = form["form"], WorkspaceSession.same(token, visit.formToken) else {
                return message(.forbidden, "badFormTitle", "badFormBody", language: visit.language, visit: visit)
            }
            return try await body(visit, form)
        }
    }

}

/// How the workspace's sessions behave (configuration: `auth.*`, `workspace.*`).
struct WorkspaceSettings: Sendable {
    var lifetime: Duration
    var idle: Duration
    var bcryptCost: UInt8
    /// `Secure` on the cookies: when the public address is HTTPS (TLS ends at the proxy in front).
    var secure: Bool
}
