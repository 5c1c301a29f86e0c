import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The one-stop desk in the workspace: a paper dossier opened for a cooperative, a lost code replaced, the slips.
extension Workspace {
    static let slipStylesheetPath = "/assets/slip.css"

    /// A draft opened at the desk for the cooperative on the page; its access code is shown on the page that answers,
    /// once (never in an address).
    func openAtDesk(_ id: String, _ form: FormFields, _ visit: Visit) async throws -> Response {
        guard let cooperative = UUID(uuidString: id) else { throw DomainError.notFound(entity: .cooperative) }
        let documents = (form["documents"] ?? "").split(separator: ",").map { $0.trimmed() }.filter { !$0.isEmpty }
        do {
            guard let amount = try ActionForm.number(form, "amount") else {
                throw DomainError.validation(field: "request.amount", reason: .required)
            }
            let (draft, code) = try await service.applications.create(
                programmeCode: form.text("programme") ?? "", cooperativeId: cooperative,
                request: ApplicationRequest(amount: amount, purpose: form.text("purpose") ?? "", documents: documents),
                by: visit.actor, channel: .web)
            return try await casePage(
                draft.reference.value, visit, status: .created,
                flash: "\(text("draftCreated", visit.language)) \(AccessCode.display(code.value))")
        } catch let error as DomainError {
            if case .notPermitted = error { throw error }
            if case .forbidden = error { throw error }
            guard let (problem, _) = Problem.from(error, language: visit.language) else { throw error }
            return try await cooperativePage(
                id, visit, status: HTTPResponse.Status(code: problem.status),
                problem: ["title": problem.title, "detail": problem.detail])
        }
    }

    /// A new access code for a cooperative that lost its receipt: shown on this page only.
    func reissue(_ reference: String, _ form: FormFields, _ visit: Visit) async throws -> Response {
        guard let versionText = form.text("version"), let version = Int(versionText), version > 0 else {
            throw DomainError.validation(field: "version", reason: .required)
        }
        let language = visit.language
        do {
            let (application, code) = try await service.applications.reissueCode(
                reference: reference, expectedVersion: version, by: visit.actor, channel: .web)
            var values = base(visit, language: language, title: text("newCodeTitle", language), back: Self.prefix)
            values["heading"] = text("newCodeTitle", language)
            values["body"] = text("newCodeBody", language)
            values["reference"] = application.reference.value
            values["code"] = AccessCode.display(code.value)
            return render("ws-code", values)
        } catch let error as DomainError {
            if case .notFound = error { throw error }
            guard let refused = refusal(error, language: language) else { throw error }
            return try await casePage(reference, visit, status: refused.status, problem: refused.values)
        }
    }

    /// A slip, ready to print on A5.
    func slipPage(_ reference: String, _ kind: String, authority: String?, _ visit: Visit) async throws -> Response {
        guard let kind = Slip.Kind(rawValue: kind) else { throw DomainError.notFound(entity: .resource) }
        let slip = try await service.slips.slip(
            kind, reference: reference, issuer: office,
            lookupAddress: office.lookupAddress(requestAuthority: authority), by: visit.actor)
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/html; charset=utf-8",
                .contentSecurityPolicy: Pages.contentSecurityPolicy,
            ],
            body: .init(
                byteBuffer: ByteBuffer(string: SlipHTML.render(slip, style: .linked(path: Self.slipStylesheetPath)))))
    }
}
