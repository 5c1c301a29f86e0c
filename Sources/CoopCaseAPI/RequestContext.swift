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

    var clientAddress: String { Self.clientKey(remoteAddress) }

    /// The client as rate limits count it: an IPv4 address (also when mapped into IPv6), or an IPv6 /64 — one
    /// subscriber's network, whose 2^64 addresses would otherwise each get a bucket of their own.
    static func clientKey(_ address: SocketAddress?) -> String {
        guard let address else { return "local" }
        guard case .v6(let v6) = address else { return address.ipAddress ?? "local" }
        let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
        guard bytes.count == 16 else { return address.ipAddress ?? "local" }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return "\(bytes[12]).\(bytes[13]).\(bytes[14]).\(bytes[15])"
        }
        let groups = stride(from: 0, to: 8, by: 2).map {
            String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }
        return groups.joined(separator: ":") + "::/64"
    }
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
