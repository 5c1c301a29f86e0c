import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// How the workspace's pages are put together: the layout's values, the response, and refusals as pages.
extension Workspace {
    /// The values every page gives the layout.
    func base(_ visit: Visit?, language: Language, title: String, back: String) -> [String: Any] {
        var values: [String: Any] = [
            "t": WorkspaceText.table(language), "title": title,
            "switchHref": "/workspace/language?to=\(language == .vi ? "en" : "vi")&next=\(Self.query(back))",
        ]
        if let visit {
            values["user"] = ["name": visit.user.displayName, "role": visit.user.role.label.text(language)]
            values["formToken"] = visit.formToken
            values["canExport"] = Administration.verifyAudit.roles.contains(visit.user.role)
            values["canManageUsers"] = Administration.manageUsers.roles.contains(visit.user.role)
        }
        return values
    }

    func render(_ template: String, _ values: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        Pages.html(library.render(values, withTemplate: template) ?? "", status: status)
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    func text(_ key: String, _ language: Language) -> String { WorkspaceText.table(language)[key] ?? key }

    /// A page with a heading and one message.
    func message(
        _ status: HTTPResponse.Status, _ title: String, _ body: String, language: Language, visit: Visit? = nil
    ) -> Response {
        var values = base(visit, language: language, title: text(title, language), back: Self.prefix)
        values["heading"] = text(title, language)
        values["body"] = text(body, language)
        return render("ws-message", values, status: status)
    }

    /// What a refusal or a failure looks like as a page: a client's error is a 4xx page naming why, anything else a
    /// 503 page (logged without the request's content).
    func failure(_ error: any Error, language: Language, visit: Visit?) -> Response {
        if let domain = error as? DomainError {
            switch domain {
            case .notFound: return message(.notFound, "notFoundTitle", "notFoundBody", language: language, visit: visit)
            case .notPermitted, .forbidden:
                return message(.forbidden, "deniedTitle", "deniedBody", language: language, visit: visit)
            default: break
            }
        }
        if let (problem, _) = Problem.from(error, language: language), problem.status < 500 {
            var values = base(visit, language: language, title: problem.title, back: Self.prefix)
            values["heading"] = problem.title
            values["body"] = problem.detail
            return render("ws-message", values, status: HTTPResponse.Status(code: problem.status))
        }
        service.logger.error("workspace page failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
        var response = message(.serviceUnavailable, "unavailableTitle", "unavailableBody", language: language)
        response.headers[.retryAfter] = "30"
        return response
    }

    /// A refused change as the page it was asked from shows it: the problem's title, and its detail saying nothing
    /// was saved; nil for an error that is no client's refusal.
    func refusal(_ error: DomainError, language: Language) -> (status: HTTPResponse.Status, values: [String: String])? {
        guard let (problem, _) = Problem.from(error, language: language) else { return nil }
        return (
            HTTPResponse.Status(code: problem.status),
            ["title": problem.title, "detail": problem.detail + " " + text("refusedNothingSaved", language)]
        )
    }

    /// `text` as one query value.
    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? ""
    }
}
