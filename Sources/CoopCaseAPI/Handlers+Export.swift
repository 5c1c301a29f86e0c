import CoopCaseDomain
import Foundation
import OpenAPIRuntime

extension APIService {
    /// Not routed: `ExportRoute` serves this operation, writing the stream in the response's own task
    /// (`ContractRoutes` leaves it out when the generated routes are registered).
    func exportCaseHistories(_ input: Operations.ExportCaseHistories.Input) async throws
        -> Operations.ExportCaseHistories.Output
    {
        throw DomainError.notFound(entity: .resource)
    }
}
