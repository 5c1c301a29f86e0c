import HTTPTypes
import Hummingbird

/// Every path the server answers and the methods it answers there: the contract's paths, read from the served
/// `openapi.yaml`, and the routes outside it (pages, the contract itself, metrics). A request for a known path with
/// another method is answered 405 with `Allow`, as RFC 9110 asks, instead of the router's 404.
struct RouteCatalogue: Sendable {
    struct Route: Sendable {
        var segments: [Substring]
        var methods: [HTTPRequest.Method]
    }

    let routes: [Route]

    /// The routes the server registers besides the contract's.
    static let outsideTheContract: [(String, [HTTPRequest.Method])] =
        [
            ("/", [.get]), ("/tra-cuu", [.get, .post]), ("/bien-nhan", [.post]), ("/assets/site.css", [.get]),
            ("/openapi.yaml", [.get]), ("/metrics", [.get]),
        ] + Workspace.routes

    init(contract: String, extra: [(String, [HTTPRequest.Method])] = outsideTheContract) {
        var found: [(String, [HTTPRequest.Method])] = []
        var inPaths = false
        for line in contract.split(separator: "\n", omittingEmptySubsequences: false) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line.hasPrefix("paths:") }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                found.append((String(line.dropFirst(2).dropLast()), []))
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"), !found.isEmpty {
                let name = line.dropFirst(4).dropLast().uppercased()
                if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(name), let method = HTTPRequest.Method(name) {
                    found[found.count - 1].1.append(method)
                }
            }
        }
        routes = (found + extra).map { path, methods in
            // Hummingbird answers HEAD wherever it answers GET.
            Route(
                segments: path.split(separator: "/"), methods: methods.contains(.get) ? methods + [.head] : methods)
        }
    }

    /// 405 with the methods `path` takes when it never takes `method`; nil otherwise.
    func refusal(_ method: HTTPRequest.Method, _ path: String) -> APIError? {
        guard let allowed = methods(at: path), !allowed.contains(method) else { return nil }
        return .methodNotAllowed(allow: allowed.map(\.rawValue))
    }

    /// The methods allowed at `path`, or nil when no route has that path.
    func methods(at path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/")
        let matching = routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { template, segment in
                    template.hasPrefix("{") || template == segment
                }
        }
        guard !matching.isEmpty else { return nil }
        var methods: [HTTPRequest.Method] = []
        for method in matching.flatMap(\.methods) where !methods.contains(method) { methods.append(method) }
        return methods
    }
}

/// Turns the router's 404 for a known path asked with a method it does not take into 405 with `Allow`. It looks
/// only when the router has found nothing, so answered requests pay nothing for it; anonymous callers of private
/// paths are answered likewise by `AuthMiddleware`.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let catalogue: RouteCatalogue

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            throw catalogue.refusal(request.method, request.uri.path) ?? error
        }
    }
}
