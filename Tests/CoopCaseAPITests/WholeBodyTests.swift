import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

@testable import CoopCaseAPI

/// A body of known, modest size reaches the server as one buffer; streams of unknown length and large bodies keep
/// streaming; trailers survive.
@Suite struct WholeBodyTests {
    /// How each response's body was handed on: the buffers written, in order, and the trailers.
    final class Seen: Sendable {
        let writes = Mutex<[String: [String]]>([:])
        let trailers = Mutex<[String: HTTPFields]>([:])
    }

    /// Outside the middleware under test: records how the body comes out of it, then passes on what it recorded.
    struct Recording: RouterMiddleware {
        typealias Context = BasicRequestContext
        let seen: Seen

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
            async throws -> Response
        {
            var response = try await next(request, context)
            let recorder = Recorder()
            try await response.body.write(RecordingWriter(recorder: recorder))
            let path = request.uri.path
            let (parts, trailers) = (recorder.parts.withLock { $0 }, recorder.trailers.withLock { $0 })
            seen.writes.withLock { $0[path] = parts }
            if let trailers { seen.trailers.withLock { $0[path] = trailers } }
            response.body = ResponseBody(contentLength: response.body.contentLength) { writer in
                for part in parts { try await writer.write(ByteBuffer(string: part)) }
                try await writer.finish(trailers)
            }
            return response
        }
    }

    final class Recorder: Sendable {
        let parts = Mutex<[String]>([])
        let trailers = Mutex<HTTPFields?>(nil)
    }

    struct RecordingWriter: ResponseBodyWriter {
        let recorder: Recorder

        mutating func write(_ buffer: ByteBuffer) async throws {
            recorder.parts.withLock { $0.append(String(buffer: buffer)) }
        }

        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
            recorder.trailers.withLock { $0 = trailingHeaders }
        }
    }

    static let checksum = HTTPField.Name("X-Checksum")!

    static func parts(_ parts: [String], length: Int?, trailers: HTTPFields? = nil) -> ResponseBody {
        ResponseBody(contentLength: length) { writer in
            for part in parts { try await writer.write(ByteBuffer(string: part)) }
            try await writer.finish(trailers)
        }
    }

    func router(_ seen: Seen) -> Router<BasicRequestContext> {
        let router = Router()
        router.addMiddleware {
            Recording(seen: seen)
            WholeBodyMiddleware()
        }
        router.get("/known") { _, _ in
            Response(status: .ok, body: Self.parts(["abc", "def", "ghi"], length: 9))
        }
        router.get("/unknown") { _, _ in
            Response(status: .ok, body: Self.parts(["abc", "def", "ghi"], length: nil))
        }
        router.get("/large") { _, _ in
            let half = String(repeating: "x", count: WholeBodyMiddleware<BasicRequestContext>.largest / 2 + 1)
            return Response(status: .ok, body: Self.parts([half, half], length: 2 * half.utf8.count))
        }
        router.get("/trailers") { _, _ in
            var trailers = HTTPFields()
            trailers[Self.checksum] = "done"
            return Response(status: .ok, body: Self.parts(["abc", "def"], length: 6, trailers: trailers))
        }
        return router
    }

    @Test func knownBodiesLeaveInOneBufferAndStreamsStream() async throws {
        let seen = Seen()
        try await Application(router: router(seen)).test(.router) { client in
            let known = try await client.execute(uri: "/known", method: .get)
            #expect(known.status == .ok)
            #expect(String(buffer: known.body) == "abcdefghi")
            #expect(known.headers[.contentLength] == "9")
            let unknown = try await client.execute(uri: "/unknown", method: .get)
            #expect(String(buffer: unknown.body) == "abcdefghi")
            let large = try await client.execute(uri: "/large", method: .get)
            #expect(large.body.readableBytes == 2 * (WholeBodyMiddleware<BasicRequestContext>.largest / 2 + 1))
            _ = try await client.execute(uri: "/trailers", method: .get)
        }
        let writes = seen.writes.withLock { $0 }
        #expect(writes["/known"] == ["abcdefghi"])
        #expect(writes["/unknown"] == ["abc", "def", "ghi"])
        #expect(writes["/large"]?.count == 2)
        #expect(writes["/trailers"] == ["abcdef"])
        #expect(seen.trailers.withLock { $0["/trailers"]?[Self.checksum] } == "done")
    }
}
