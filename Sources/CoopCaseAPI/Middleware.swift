import CoopCaseDomain
import CoopCaseService
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Headers every response carries.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    // Made once: a name is parsed and checked when it is made, and every response carries these.
    static var frameOptions: HTTPField.Name { securityHeaderNames.frameOptions }
    static var referrerPolicy: HTTPField.Name { securityHeaderNames.referrerPolicy }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        // The OpenAPI runtime percent-encodes header strings; an entity tag must keep its quotes.
        if let tag = response.headers[.eTag], tag.includes("%") {
            response.headers[.eTag] = tag.percentDecoded() ?? tag
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.frameOptions] = "DENY"
        response.headers[Self.referrerPolicy] = "no-referrer"
        // Pages set their own (they load the server's stylesheet); everything else loads nothing.
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'none'; frame-ancestors 'none'"
        }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

private let securityHeaderNames = (
    frameOptions: HTTPField.Name("X-Frame-Options")!, referrerPolicy: HTTPField.Name("Referrer-Policy")!
)

/// Hands a response whose body is known and modest in size to the server as one buffer, so head and body leave in
/// one write. A body made by a closure (every OpenAPI response, and any response once metrics wrap it) is otherwise
/// written part by part, each part a hop to the connection's event loop and a system call of its own. Streams of
/// unknown length (exports) keep streaming.
struct WholeBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    static var largest: Int { 1 << 20 }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        guard let length = response.body.contentLength, length <= Self.largest else { return response }
        let collected = CollectedBody()
        let body = response.body
        try await body.write(BodyCollector(collected: collected))
        let (buffer, trailers) = (collected.buffer ?? ByteBuffer(), collected.trailers)
        response.body =
            trailers == nil
            ? ResponseBody(byteBuffer: buffer)
            : ResponseBody(contentLength: buffer.readableBytes) { writer in
                try await writer.write(buffer)
                try await writer.finish(trailers)
            }
        return response
    }
}

/// What a body wrote; only the task running the middleware touches it.
private final class CollectedBody: @unchecked Sendable {
    var buffer: ByteBuffer?
    var trailers: HTTPFields?
}

private struct BodyCollector: ResponseBodyWriter {
    let collected: CollectedBody

    mutating func write(_ buffer: ByteBuffer) async throws {
        // A body written in one part (every OpenAPI response) is kept as it is, not copied.
        if collected.buffer == nil {
            collected.buffer = buffer
        } else {
            var buffer = buffer
            collected.buffer!.writeBuffer(&buffer)
        }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws { collected.trailers = trailingHeaders }
}

/// Answers 503 when a handler has not produced its response in time — in practice, when the database is
/// unreachable and the pool keeps the request waiting for a connection. The handler is cancelled, which
/// withdraws a waiting connection request at once; work that completes anyway is answered as usual.
struct RequestTimeoutMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let timeout: Duration
    let deadlines: Deadlines

    init(timeout: Duration) {
        self.timeout = timeout
        deadlines = Deadlines(resolution: max(.milliseconds(10), min(.milliseconds(250), timeout / 4)))
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        // The handler runs in a task of its own so that cancelling it leaves the connection's task alone. This call
        // waits for that task whatever happens, so `next` never outlives it.
        try await withoutActuallyEscaping(next) { next in
            let handler = UncheckedSendable(value: next)
            let task = Task { try await handler.value(request, context) }
            let watch = deadlines.watch(task, until: .now + timeout)
            let result = await withTaskCancellationHandler {
                await task.result
            } onCancel: {
                task.cancel()
            }
            let expired = !deadlines.forget(watch)
            switch result {
            case .success(let response): return response
            case .failure(let error): throw expired ? APIError.timedOut : error
            }
        }
    }
}

private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// The deadlines of requests in flight, watched by one task that wakes a few times a second and cancels the late
/// ones: cheaper than arming a timer for every request.
final class Deadlines: Sendable {
    private struct Watched {
        var until: ContinuousClock.Instant
        var cancel: @Sendable () -> Void
    }

    private let watched = Mutex<(next: UInt64, byId: [UInt64: Watched])>((0, [:]))

    init(resolution: Duration) {
        Task.detached { [weak self] in
            while (try? await Task.sleep(for: resolution)) != nil, let self { self.cancelLate() }
        }
    }

    /// Starts watching `task`; `forget` ends it.
    func watch<Success, Failure>(_ task: Task<Success, Failure>, until deadline: ContinuousClock.Instant) -> UInt64 {
        watched.withLock { watched in
            watched.next += 1
            watched.byId[watched.next] = Watched(until: deadline) { task.cancel() }
            return watched.next
        }
    }

    /// Stops watching; false when the deadline had already passed and the task was cancelled.
    func forget(_ id: UInt64) -> Bool {
        watched.withLock { $0.byId.removeValue(forKey: id) != nil }
    }

    private func cancelLate() {
        let now = ContinuousClock.now
        let late = watched.withLock { watched in
            let late = watched.byId.filter { $0.value.until <= now }
            for id in late.keys { watched.byId[id] = nil }
            return late.values.map(\.cancel)
        }
        for cancel in late { cancel() }
    }
}

/// Requests take turns at the gate once their body is read (decision 0012).
struct AdmissionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let gate: AdmissionGate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard Self.waitsItsTurn(request) else { return try await next(request, context) }
        return try await gate.run { try await next(request, context) }
    }

    /// Health probes and metrics answer however busy the server is; a form a page reads itself may trickle in;
    /// a sign-in's password check runs on threads of its own, which bound it.
    static func waitsItsTurn(_ request: Request) -> Bool {
        let path = request.uri.path
        if path.hasPrefix("/health/") || path == "/metrics" { return false }
        return request.method != .post || !(Pages.isPage(path) || path == "/v1/sessions")
    }
}

/// Refuses oversized bodies (413) and non-JSON bodies on API writes (415) before any handler reads them.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var request = request
        // PostgreSQL text cannot hold NUL; refuse it here rather than fail deep inside a query.
        if request.uri.description.includes("%00") {
            throw APIError.badRequest(field: "uri", reason: APIError.noNul)
        }
        // A query that does not decode to UTF-8 text would otherwise be read as no query at all (a search for
        // nothing, which lists everything).
        if let query = request.uri.query, query.includes("%"), query.percentDecoded() == nil {
            throw APIError.badRequest(
                field: "query",
                reason: LocalizedText(vi: "không phải văn bản UTF-8 hợp lệ", en: "is not valid UTF-8 text"))
        }
        // The pages read their forms themselves, with a far smaller limit, and answer an over-long one with a page.
        if Pages.isPage(request.uri.path) { return try await next(request, context) }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > context.maxUploadSize {
            throw APIError.payloadTooLarge
        }
        guard [.post, .put, .patch].contains(request.method) else { return try await next(request, context) }
        do {
            let body = try await request.collectBody(upTo: context.maxUploadSize)
            if body.readableBytes > 0, request.uri.path.hasPrefix("/v1/") {
                let type = request.headers[.contentType]?.lowercased() ?? ""
                if !type.hasPrefix("application/json") { throw APIError.unsupportedMediaType }
                var escapedNul = #"\u0000"#
                let hasNul = body.withUnsafeReadableBytes { bytes in
                    escapedNul.withUTF8 { bytes.assumingMemoryBound(to: UInt8.self).includes($0) }
                }
                if hasNul {
                    throw APIError.badRequest(field: "body", reason: APIError.noNul)
                }
                if let key = body.withUnsafeReadableBytes({ DuplicateKeys.first(in: $0) }) {
                    throw APIError.badRequest(
                        field: key,
                        reason: LocalizedText(
                            vi: "xuất hiện hai lần trong một đối tượng", en: "appears twice in one object"))
                }
            } else if body.readableBytes == 0, request.uri.path.includes("/actions/") {
                // An action's input is optional; the generated decoder reads an empty body as broken JSON.
                var head = request.head
                head.headerFields[.contentType] = "application/json"
                head.headerFields[.contentLength] = "2"
                request = Request(head: head, body: RequestBody(buffer: ByteBuffer(string: "{}")))
            }
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge
        }
        return try await next(request, context)
    }
}

/// Resolves the bearer token and the caller's language, and refuses anonymous calls to private paths.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let sessions: SessionService
    /// Consulted only when refusing: a method the path never takes is 405 whoever asks, not 401.
    let catalogue: RouteCatalogue

    /// What may be reached without a token: logging in, the public status lookup and its pages, the workflow,
    /// health, metrics and the contract itself.
    static func isPublic(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        (method == .post && path == "/v1/sessions") || path.hasPrefix("/v1/status/") || path == "/v1/workflow"
            || path.hasPrefix("/health/") || path == "/metrics" || path == "/openapi.yaml" || Pages.isPage(path)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var caller = Caller(
            actor: nil, tokenHash: nil, language: Language(preferring: request.headers[.acceptLanguage]),
            clientAddress: context.clientAddress)
        func refuse() -> APIError {
            catalogue.refusal(request.method, request.uri.path) ?? .unauthenticated
        }
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw refuse() }
            let hash = Tokens.hash(String(parts[1]))
            guard let user = try await sessions.user(tokenHash: hash) else { throw refuse() }
            caller.actor = user.actor
            caller.tokenHash = hash
        } else if !Self.isPublic(request.method, request.uri.path) {
            throw refuse()
        }
        return try await Caller.$current.withValue(caller) { try await next(request, context) }
    }
}
