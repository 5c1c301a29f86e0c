import Logging
import ServiceLifecycle

/// A line when the server starts serving and one when a graceful shutdown begins (requests in flight then finish).
struct LifecycleLog: Service {
    let logger: Logger
    let address: String

    func run() async throws {
        logger.info("coopcase starting", metadata: ["address": .string(address)])
        try? await gracefulShutdown()
        logger.info("coopcase shutting down: finishing the requests in flight")
    }
}
