import CoopCasePostgres
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@testable import CoopCaseAPI

/// Two edges of availability: a close waits for the response being written, and a connection the database closed
/// is answered as an outage (503), not as a fault (500).
@Suite struct ShutdownAndOutageTests {
    /// Holds every write it is given until released, as a socket does for a client that reads slowly.
    final class HeldWrites: ChannelOutboundHandler, RemovableChannelHandler {
        typealias OutboundIn = HTTPResponsePart
        var held: [EventLoopPromise<Void>?] = []

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            held.append(promise)
        }

        // A socket that closes fails what it had not written.
        func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
            for promise in held { promise?.fail(ChannelError.ioOnClosedChannel) }
            held = []
            context.close(mode: mode, promise: promise)
        }

        func release() {
            for promise in held { promise?.succeed() }
            held = []
        }
    }

    func channel() throws -> (EmbeddedChannel, HeldWrites) {
        let held = HeldWrites()
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(held)
        try channel.pipeline.syncOperations.addHandler(FlushBeforeClose(grace: .seconds(10)))
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 80)).wait()
        return (channel, held)
    }

    func respond(_ channel: EmbeddedChannel) {
        channel.write(HTTPResponsePart.head(HTTPResponse(status: .ok)), promise: nil)
        channel.write(HTTPResponsePart.body(ByteBuffer(string: "the tail of a long export")), promise: nil)
        channel.writeAndFlush(HTTPResponsePart.end(nil), promise: nil)
    }

    @Test func aCloseWaitsUntilTheLastResponseIsWritten() throws {
        let (channel, held) = try channel()
        respond(channel)
        let closed = channel.close()
        channel.embeddedEventLoop.run()
        #expect(channel.isActive, "closed while the response was still being written")
        held.release()
        channel.embeddedEventLoop.run()
        #expect(!channel.isActive)
        try closed.wait()
    }

    @Test func aClientThatStopsReadingIsClosedAfterTheGrace() throws {
        let (channel, _) = try channel()
        respond(channel)
        _ = channel.close()
        channel.embeddedEventLoop.advanceTime(by: .seconds(9))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    @Test func aCloseWithNothingInFlightIsImmediate() throws {
        let (channel, held) = try channel()
        respond(channel)
        held.release()
        _ = channel.close()
        channel.embeddedEventLoop.run()
        #expect(!channel.isActive)
    }

    @Test func aConnectionTheDatabaseClosedIsAnOutageAndOtherErrorsAreFaults() async throws {
        struct Unexpected: Error {}
        let router = Router(context: AppRequestContext.self)
        router.addMiddleware { ProblemMiddleware() }
        router.get("/closed") { _, _ -> String in throw ConnectionClosed() }
        router.get("/broken") { _, _ -> String in throw Unexpected() }
        try await Application(router: router).test(.router) { client in
            let closed = try await client.execute(uri: "/closed", method: .get)
            #expect(closed.status == .serviceUnavailable)
            #expect(closed.headers[.retryAfter] == "5")
            #expect(String(buffer: closed.body).contains("\"code\":\"unavailable\""))
            let broken = try await client.execute(uri: "/broken", method: .get)
            #expect(broken.status == .internalServerError)
            #expect(String(buffer: broken.body).contains("\"code\":\"internal\""))
        }
    }

    /// Through the real application: PostgreSQL ends the connection of an action waiting for a row lock (an
    /// operator, a restart). The caller is answered 503 `unavailable` with Retry-After, the application is left as it
    /// was, and the same action succeeds once the pool has replaced the connection.
    @Test(.timeLimit(.minutes(5)))
    func anActionWhoseConnectionIsEndedIsAnOutageAndChangesNothing() async throws {
        try await API.with { api in
            let application = try await api.world.underReview(1)[0]
            let before = try await api.world.snapshot(application)
            let logger = api.world.test.database.logger
            let recommend: @Sendable () async throws -> Reply = {
                try await api.send(
                    .post, "/v1/applications/\(application.reference.value)/actions/recommend", as: .officer,
                    json: #"{"recommendation":"award","amount":100000000,"reason":"Đủ điều kiện"}"#,
                    headers: ["If-Match": "\"\(application.version)\""])
            }
            let reply = try await api.world.test.owner.withConnection { holder in
                try await holder.query("BEGIN", logger: logger)
                try await holder.query(
                    "SELECT 1 FROM applications WHERE id = \(application.id) FOR UPDATE", logger: logger)
                let pending = Task { try await recommend() }
                var ended = 0
                for _ in 0..<3000 where ended == 0 {
                    try await Task.sleep(for: .milliseconds(20))
                    ended =
                        try await api.world.test.ownerScalar(
                            """
                            SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity
                            WHERE datname = current_database() AND wait_event_type = 'Lock'
                            """, as: Int.self) ?? 0
                }
                #expect(ended == 1)
                let reply = try await pending.value
                try await holder.query("ROLLBACK", logger: logger)
                return reply
            }
            #expect(reply.status == 503 && reply.code == "unavailable", "\(reply.status) \(reply.text)")
            #expect(reply.headers[.retryAfter] == "5")
            #expect(try await api.world.snapshot(application) == before)
            // Right after, a request can still be handed the ended connection, until the pool has seen it close.
            var status = 0
            for _ in 0..<1000 where status != 200 {
                status = try await recommend().status
                if status != 200 { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(status == 200)
        }
    }
}
