import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird

/// Signing in to the workspace: the same users, passwords and login limits as the API, a cookie instead of a token.
extension Workspace {
    func signInPage(_ request: Request, status: HTTPResponse.Status = .ok, problem: String? = nil) -> Response {
        let language = language(of: request)
        let query = request.uri.queryParameters
        var values = base(nil, language: language, title: text("signInTitle", language), back: "/workspace/sign-in")
        let nonce = WorkspaceSession.loginNonce()
        values["nonce"] = nonce
        if let problem {
            values["problem"] = ["title": text("signInTitle", language), "detail": problem]
        } else if query["ended"] != nil {
            values["flash"] = text("sessionEnded", language)
        } else if query["signed-out"] != nil {
            values["flash"] = text("signedOut", language)
        }
        var response = render("ws-sign-in", values, status: status)
        response.setCookie(
            WorkspaceSession.cookie(WorkspaceSession.loginCookie, nonce, maxAge: 3600, secure: settings.secure))
        return response
    }

    func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let language = language(of: request)
        let form: FormFields
        switch await readForm(request) {
        case .success(let fields): form = fields
        case .failure(let refusal): return message(refusal.status, "badFormTitle", "badFormBody", language: language)
        }
        // The form must come from our sign-in page: its value and the cookie set with it agree.
        guard let nonce = form["nonce"], let cookie = request.cookies[WorkspaceSession.loginCookie]?.value,
            WorkspaceSession.same(nonce, cookie)
        else { return message(.forbidden, "badFormTitle", "badFormBody", language: language) }
        let username = (form["username"] ?? "").trimmed().lowercased()
        let password = form["password"] ?? ""
        guard !username.isEmpty, !password.isEmpty, username.count <= 100, password.count <= 200 else {
            return signInPage(request, status: .badRequest, problem: text("signInFailed", language))
        }
        // The API's limits, in the API's buckets: alternating between the two gains nothing.
        let address = context.clientAddress
        var wait = limiter.take("login:\(address)", loginLimit)
        if wait == nil, !limiter.isKnown(username: username, address: address) {
            wait = limiter.take("login-user:\(username)", loginLimit)
        }
        if let wait {
            var response = signInPage(
                request, status: .tooManyRequests,
                problem: String(format: text("tooManyBody", language), wait))
            response.headers[.retryAfter] = String(wait)
            return response
        }
        do {
            guard
                let session = try await service.sessions.signIn(
                    username: username, password: password, decoyCost: settings.bcryptCost,
                    lifetime: settings.lifetime, idle: settings.idle)
            else { return signInPage(request, status: .forbidden, problem: text("signInFailed", language)) }
            guard Administration.useWorkspace.roles.contains(session.user.role) else {
                try await service.sessions.revoke(tokenHash: Tokens.hash(session.token))
                return signInPage(request, status: .forbidden, problem: text("signInNotStaff", language))
            }
            limiter.remember(username: username, address: address)
            var response = redirect(Self.prefix)
            response.setCookie(
                WorkspaceSession.cookie(
                    WorkspaceSession.sessionCookie, session.token,
                    maxAge: Int(settings.lifetime.components.seconds), secure: settings.secure))
            response.setCookie(WorkspaceSession.expired(WorkspaceSession.loginCookie, secure: settings.secure))
            return response
        } catch {
            return failure(error, language: language, visit: nil)
        }
    }
}
