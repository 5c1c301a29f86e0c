import HTTPTypes
import Hummingbird
import OpenAPIHummingbird
import OpenAPIRuntime

/// Registers the generated routes on the router, but those a route of its own serves (`ExportRoute`).
struct ContractRoutes: ServerTransport {
    let router: Router<AppRequestContext>
    /// `METHOD path`, as the contract writes the path.
    let servedElsewhere: Set<String>

    func register(
        _ handler:
            @escaping @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPResponse, HTTPBody?
            ),
        method: HTTPRequest.Method, path: String
    ) throws {
        guard !servedElsewhere.contains("\(method.rawValue) \(path)") else { return }
        router.register(handler, method: method, path: path)
    }
}
