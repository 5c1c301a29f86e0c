import CoopCaseDomain
import Foundation
import Hummingbird
import NIOCore

/// The request context: Hummingbird's core context plus the client's address.
struct AppRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies above this are refused with 413 before any handler runs.
    var maxUploadSize: Int { 256 * 1024 }

    var clientAddress: String { remoteAddress?.ipAddress ?? "local" }
}

/// What the middleware learned about the caller, visible to the OpenAPI handlers of this request.
struct Caller: Sendable {
    var actor: Actor?
    var tokenHash: Data?
    var language: Language
    var clientAddress: String

    @TaskLocal static var current = Caller(actor: nil, tokenHash: nil, language: .vi, clientAddress: "local")

    /// The authenticated actor; the auth middleware has already refused anonymous calls to private paths.
    static func actor() throws -> Actor {
        guard let actor = current.actor else { throw APIError.unauthenticated }
        return actor
    }
}
