import Configuration
import CoopCaseDomain
import CoopCaseService
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Metrics
import OpenAPIHummingbird
import OpenAPIRuntime
import Prometheus

/// The one composition root, shared by `coopcase serve` and the tests. `logHandler`, when given, receives every log
/// line instead of the process's logging system (tests read what would reach the log).
public func buildApplication(
    reader: ConfigReader, logHandler: (@Sendable (String) -> any LogHandler)? = nil
) async throws -> some ApplicationProtocol {
    let settings = try AppSettings(reader: reader)
    let logger = {
        var logger = logHandler.map { Logger(label: "coopcase", factory: $0) } ?? Logger(label: "coopcase")
        logger.logLevel = settings.logLevel
        return logger
    }()
    let (poolStarted, poolStarting) = AsyncStream.makeStream(of: Void.self)
    let service = CoopCase(settings: settings.database, logger: logger)
    let router = try buildRouter(service: service, settings: settings)
    var app = Application(
        router: router,
        server: .http1(
            configuration: .init(
                additionalChannelHandlers: [FlushBeforeClose(grace: .seconds(10))],
                idleTimeout: .seconds(Int64(settings.idleTimeout.components.seconds)))),
        configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "CoopCase"),
        services: [
            DatabasePool(service: service, starting: poolStarting),
            LifecycleLog(logger: logger, address: "\(settings.host):\(settings.port)"),
        ],
        logger: logger)
    // Listening holds one pooled connection; a pool of one keeps it for requests, which then read every session.
    if settings.database.maximumConnections >= 2 {
        app.addServices(SessionChangesService(sessions: service.sessions))
    }
    if let path = reader.string(forKey: "audit.signingKeyFile") {
        let key = try AuditCheckpoint.privateKey(fromFileContents: try String(contentsOfFile: path, encoding: .utf8))
        // Seconds, when given, override minutes: for short demonstrations and tests.
        let seconds =
            reader.int(forKey: "audit.checkpointSeconds")
            ?? reader.int(forKey: "audit.checkpointMinutes", default: 60) * 60
        guard seconds > 0 else { throw DomainError.validation(field: "audit.checkpointMinutes", reason: .positive) }
        app.addServices(CheckpointService(service: service, key: key, interval: .seconds(seconds)))
    }
    app.beforeServerStarts {
        // The test framework runs this before the services start; leasing before the pool runs only draws a warning.
        for await _ in poolStarted {}
        // Refuse to serve a database whose schema this build does not match.
        try await service.requireSchemaUpToDate()
    }
    return app
}

/// Metrics are process-wide: bootstrap once, however many applications a test builds.
enum MetricsRegistry {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}

func buildRouter(service: CoopCase, settings: AppSettings) throws -> Router<AppRequestContext> {
    let registry = MetricsRegistry.registry
    // HEAD wherever GET is answered (RFC 9110), so Allow can say so truthfully.
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    let limiter = RateLimiter()
    let contract = String(decoding: OpenAPIDocument.bytes, as: UTF8.self)
    let catalogue = RouteCatalogue(contract: contract)
    let limits = try ContractLimits(contract: contract)
    router.addMiddleware {
        // Outermost: every request's one line, whatever answered it.
        AccessLogMiddleware()
        // So error responses carry the headers too.
        SecurityHeadersMiddleware()
        ProblemMiddleware()
        // Outside the metrics, whose timing closure would otherwise make every body a stream again.
        WholeBodyMiddleware()
        MetricsMiddleware()
        RequestTimeoutMiddleware(timeout: settings.requestTimeout)
        BodyLimitMiddleware()
        RateLimitMiddleware(limiter: limiter, settings: settings.rateLimits)
        // After the rate limits: a flood is refused without waiting its turn.
        AdmissionMiddleware(gate: AdmissionGate(limit: settings.concurrentRequests))
        AuthMiddleware(sessions: service.sessions, catalogue: catalogue)
        ContractMiddleware(limits: limits)
        // Innermost, round the router itself.
        MethodNotAllowedMiddleware(catalogue: catalogue)
    }
    router.get("/openapi.yaml") { _, _ -> Response in
        var headers = HTTPFields()
        headers[.contentType] = "application/yaml; charset=utf-8"
        headers[.cacheControl] = "public, max-age=300"
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
    }
    router.get("/metrics") { _, _ -> Response in
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4"
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
    }
    try Pages(service: service, limiter: limiter, statusLimit: settings.rateLimits.status, office: settings.office)
        .register(on: router)
    try Workspace(
        service: service, limiter: limiter, loginLimit: settings.rateLimits.login,
        settings: WorkspaceSettings(
            lifetime: settings.sessionLifetime, idle: settings.workspaceIdle, bcryptCost: settings.bcryptCost,
            secure: settings.office.publicURL?.hasPrefix("https://") ?? false),
        office: settings.office
    ).register(on: router)
    let api = APIService(service: service, settings: settings, limiter: limiter)
    // Compact JSON, and dates written by arithmetic rather than a formatter: both were most of a list's cost.
    let export = ExportRoute(service: service)
    export.register(on: router)
    try api.registerHandlers(
        on: ContractRoutes(router: router, servedElsewhere: ["\(ExportRoute.method.rawValue) \(ExportRoute.path)"]),
        configuration: .init(dateTranscoder: InternetDateTranscoder(), jsonEncodingOptions: [.sortedKeys]))
    return router
}

/// RFC 3339 dates as the default transcoder writes and reads them, by `InternetDate`.
struct InternetDateTranscoder: DateTranscoder {
    func encode(_ date: Date) throws -> String { InternetDate.string(date) }

    func decode(_ text: String) throws -> Date {
        guard let date = InternetDate.read(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "Expected date string to be ISO8601-formatted."))
        }
        return date
    }
}

/// The contract, served as written.
enum OpenAPIDocument {
    static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let data = try? Data(contentsOf: url)
        else { return Array("openapi.yaml is missing from the build".utf8) }
        return Array(data)
    }()
}
