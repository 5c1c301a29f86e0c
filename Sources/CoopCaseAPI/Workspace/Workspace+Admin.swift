import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird

/// Administrators' users and auditors' exports.
extension Workspace {
    func usersPage(
        _ request: Request?, _ visit: Visit, status: HTTPResponse.Status = .ok, problem: [String: String]? = nil,
        flash: String? = nil
    ) async throws -> Response {
        let language = visit.language
        let users = try await service.users.list(by: visit.actor)
        var values = base(visit, language: language, title: text("usersTitle", language), back: "/workspace/users")
        values["navUsers"] = true
        if let problem { values["problem"] = problem }
        values["flash"] =
            flash
            ?? request?.uri.queryParameters["done"].flatMap { done -> String? in
                [
                    "added": "userAdded", "disable": "userDisabled", "enable": "userEnabled",
                    "password": "passwordReset",
                ][
                    String(done)
                ].map { text($0, language) }
            }
        values["users"] = users.sorted { $0.username < $1.username }.map { user -> [String: Any] in
            [
                "username": user.username, "name": user.displayName, "role": user.role.label.text(language),
                "disabled": user.disabled, "self": user.username == visit.user.username,
                "status": text(user.disabled ? "disabled" : "active", language),
            ]
        }
        values["roles"] = Role.allCases.map { ["value": $0.rawValue, "label": $0.label.text(language)] }
        values["minimum"] = Passwords.minimumLength
        values["passwordRule"] = String(format: text("passwordRule", language), Passwords.minimumLength)
        return render("ws-users", values, status: status)
    }

    func addUser(_ form: FormFields, _ visit: Visit) async throws -> Response {
        do {
            guard let value = form.text("role"), let role = Role(rawValue: value) else {
                throw DomainError.validation(field: "role", reason: .unknownValue)
            }
            let cooperative = try form.text("cooperativeId").map { text in
                guard let id = UUID(uuidString: text) else {
                    throw DomainError.validation(field: "cooperativeId", reason: .unknownValue)
                }
                return id
            }
            _ = try await service.users.create(
                username: form.text("username") ?? "", displayName: form.text("displayName") ?? "", role: role,
                cooperativeId: cooperative, password: form["password"] ?? "", cost: settings.bcryptCost,
                by: visit.actor)
        } catch let error as DomainError {
            return try await refusedOnUsers(error, visit)
        }
        return redirect("/workspace/users?done=added")
    }

    func changeUser(_ username: String, _ change: String, _ form: FormFields, _ visit: Visit) async throws
        -> Response
    {
        do {
            switch change {
            case "disable": try await service.users.setDisabled(username: username, true, by: visit.actor)
            case "enable": try await service.users.setDisabled(username: username, false, by: visit.actor)
            case "password":
                try visit.actor.require(.manageUsers)
                try await service.users.setPassword(
                    username: username, password: form["password"] ?? "", cost: settings.bcryptCost, by: visit.actor)
            default: throw DomainError.notFound(entity: .user)
            }
        } catch let error as DomainError {
            if case .notFound = error { throw error }
            return try await refusedOnUsers(error, visit)
        }
        return redirect("/workspace/users?done=\(change)")
    }

    private func refusedOnUsers(_ error: DomainError, _ visit: Visit) async throws -> Response {
        if case .notPermitted = error { throw error }
        guard let (problem, _) = Problem.from(error, language: visit.language) else { throw error }
        return try await usersPage(
            nil, visit, status: HTTPResponse.Status(code: problem.status),
            problem: ["title": problem.title, "detail": problem.detail])
    }

    func exportPage(_ visit: Visit) throws -> Response {
        try visit.actor.require(.verifyAudit)
        var values = base(
            visit, language: visit.language, title: text("exportTitle", visit.language), back: "/workspace/export")
        values["navExport"] = true
        return render("ws-export", values)
    }

    /// The case histories as a download: the same stream as the API's export, written as rows arrive.
    func export(_ form: FormFields, _ visit: Visit) async throws -> Response {
        let actor = visit.actor
        try actor.require(.verifyAudit)
        let filters = ExportManifest.Filters(
            programme: form.text("programme"), from: form.text("from"), to: form.text("to"), state: nil)
        _ = try filters.bounds()
        let audit = service.audit
        let logger = service.logger
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/x-ndjson",
                .contentDisposition: "attachment; filename=\"coopcase-case-histories.jsonl\"",
            ],
            body: ResponseBody { writer in
                do {
                    try await ExportRoute.write(filters: filters, by: actor, from: audit, to: &writer)
                } catch {
                    logger.info("export stopped", metadata: ["error": "\(type(of: error))"])
                    throw error
                }
            })
    }
}
