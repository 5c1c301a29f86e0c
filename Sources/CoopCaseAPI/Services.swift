import CoopCaseDomain
import CoopCaseService
import Crypto
import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import ServiceLifecycle

/// Runs the database pool, and says so as it begins: the schema check before serving waits for it.
struct DatabasePool: Service {
    let service: CoopCase
    let starting: AsyncStream<Void>.Continuation

    func run() async throws { await service.runPool(announcing: starting) }
}

/// Signs a checkpoint on a schedule while the server runs. Several servers may run it: checkpoints are taken
/// one at a time, and an extra one only repeats the heads.
struct CheckpointService: Service {
    let service: CoopCase
    let key: Curve25519.Signing.PrivateKey
    let interval: Duration

    func run() async throws {
        // Stop at once on shutdown: an unfinished wait has nothing to lose; a checkpoint in flight is one transaction.
        await cancelWhenGracefulShutdown { await loop() }
    }

    private func loop() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return  // shutting down
            }
            do {
                let checkpoint = try await service.audit.checkpoint(signingKey: key)
                service.logger.info(
                    "audit checkpoint",
                    metadata: ["id": "\(checkpoint.id)", "applications": "\(checkpoint.body.applications)"])
            } catch {
                service.logger.error("audit checkpoint failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }
}

/// Keeps the server's memory of sessions current while it runs (see `SessionStore.keepCacheCurrent`).
struct SessionChangesService: Service {
    let sessions: SessionService

    func run() async throws {
        await cancelWhenGracefulShutdown { await sessions.keepCacheCurrent() }
    }
}

/// Hummingbird closes a quiescing connection right after the end of its last response, and a close drops what
/// NIO has not yet handed to the socket: on SIGTERM, a slow client lost the tail of its download. The close
/// waits here until the last response's end is written, for at most `grace`.
final class FlushBeforeClose: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart
    let grace: TimeAmount
    private var lastEnd: EventLoopFuture<Void>?

    init(grace: TimeAmount) { self.grace = grace }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .end = unwrapOutboundIn(data) else { return context.write(data, promise: promise) }
        // Writes complete in order, so the end's completion covers the whole response.
        let written = promise ?? context.eventLoop.makePromise()
        lastEnd = written.futureResult
        context.write(data, promise: written)
    }

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .all, let pending = lastEnd else {
            return context.close(mode: mode, promise: promise)
        }
        lastEnd = nil
        let loop = context.eventLoop.assumeIsolated()
        let deadline = loop.scheduleTask(in: grace) { context.close(mode: mode, promise: nil) }
        pending.assumeIsolated().whenComplete { _ in
            deadline.cancel()
            context.close(mode: mode, promise: promise)
        }
    }
}
