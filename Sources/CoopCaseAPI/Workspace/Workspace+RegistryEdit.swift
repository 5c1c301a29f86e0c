import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird

/// A registry entry edited from its page: the version read travels with the form, so an entry someone else changed
/// first is not overwritten; every change goes into the entry's history.
extension Workspace {
    func editCooperative(_ id: String, _ form: FormFields, _ visit: Visit) async throws -> Response {
        guard let uuid = UUID(uuidString: id) else { throw DomainError.notFound(entity: .cooperative) }
        do {
            guard let versionText = form.text("version"), let version = Int(versionText), version > 0 else {
                throw DomainError.validation(field: "version", reason: .required)
            }
            var edited = try await service.cooperatives.get(id: uuid, by: visit.actor)
            func number(_ name: String) throws -> Int64 {
                guard let value = try ActionForm.number(form, name) else {
                    throw DomainError.validation(field: name, reason: .required)
                }
                return value
            }
            edited.name = form.text("name") ?? ""
            edited.members = Int(clamping: try number("members"))
            edited.workers = Int(clamping: try number("workers"))
            edited.annualRevenue = try number("annualRevenue")
            edited.address.street = form.text("street") ?? ""
            edited.contact.person = form.text("person") ?? ""
            edited.contact.phone = form.text("phone")
            _ = try await service.cooperatives.update(id: uuid, to: edited, expectedVersion: version, by: visit.actor)
        } catch let error as DomainError {
            switch error {
            case .notFound, .notPermitted, .forbidden: throw error
            default: break
            }
            guard let refused = refusal(error, language: visit.language) else { throw error }
            return try await cooperativePage(id, visit, status: refused.status, problem: refused.values)
        }
        return redirect("/workspace/cooperatives/\(uuid.uuidString.lowercased())?done=edit")
    }
}
