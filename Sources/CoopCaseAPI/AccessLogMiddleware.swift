import CoopCaseDomain
import Hummingbird
import Logging

/// One line per request at `info`: method, path, status, duration and the request id the logger carries. Never a
/// query string (the status lookup's access code travels in one), a header or a body.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard context.logger.logLevel <= .info else { return try await next(request, context) }
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            log(request, context, status: Int(response.status.code), since: start)
            return response
        } catch {
            log(
                request, context, status: (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500,
                since: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue),
                // The path only, bounded: a client chooses it.
                "path": .string(String(request.uri.path.prefix(200))),
                "status": .stringConvertible(status),
                "ms": .string(Digits.tenths(milliseconds)),
            ])
    }
}
