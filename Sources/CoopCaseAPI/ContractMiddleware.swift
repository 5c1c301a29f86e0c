import Foundation
import HTTPTypes
import Hummingbird

/// Checks each request against the limits the contract states for its operation, before any handler runs.
struct ContractMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limits: ContractLimits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let path = request.uri.path
        guard path.hasPrefix("/v1/") else { return try await next(request, context) }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard let operation = limits.operation(request.method, segments: segments) else {
            return try await next(request, context)
        }
        try operation.checkParameters(request, path: segments)
        guard let schema = operation.body, [.post, .put, .patch].contains(request.method) else {
            return try await next(request, context)
        }
        var request = request
        // Already read whole, within its limit, by `BodyLimitMiddleware`.
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        if body.readableBytes > 0,
            let value = body.withUnsafeReadableBytes({
                try? JSONSerialization.jsonObject(with: Data($0), options: [.fragmentsAllowed])
            })
        {
            try schema.check(value, at: "")
        }
        return try await next(request, context)
    }
}
