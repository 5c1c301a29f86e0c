import CoopCaseDomain
import CoopCaseService
import Crypto
import Foundation

/// Implements the generated `APIProtocol`: translates HTTP to the use cases and back, nothing more.
struct APIService: APIProtocol {
    let service: CoopCase
    let settings: AppSettings
    let limiter: RateLimiter

    /// Programmes by id, to label applications with their programme's code and kind.
    func etag(_ version: Int) -> String { "\"\(version)\"" }

    /// Reads `If-Match`: missing → 428; not a version → 400.
    func expectedVersion(_ header: String?) throws -> Int {
        guard let header else { throw APIError.preconditionRequired }
        var text = Substring(header.trimmed(keepingNewlines: true))
        // If-Match compares strongly (RFC 9110): a weak tag never matches.
        if text.hasPrefix("W/") { throw APIError.weakETag }
        while text.first == "\"" { text.removeFirst() }
        while text.last == "\"" { text.removeLast() }
        guard let version = Int(text), version > 0 else {
            throw APIError.badRequest(
                field: "If-Match",
                reason: LocalizedText(
                    vi: "phải là ETag của hồ sơ, ví dụ \"3\"", en: "must be the application's ETag, e.g. \"3\""))
        }
        return version
    }

    /// As above for an application's `If-Match`, but who may see the application first: another cooperative's
    /// reference is 404 whatever the headers say.
    func expectedVersion(_ header: String?, of reference: String, by actor: Actor) async throws -> Int {
        do {
            return try expectedVersion(header)
        } catch {
            _ = try await service.applications.get(reference: reference, by: actor)
            throw error
        }
    }

    /// Validates `limit` (1…200, default 50).
    func pageSize(_ limit: Int?) throws -> Int {
        let size = limit ?? 50
        guard (1...200).contains(size) else {
            throw APIError.badRequest(
                field: "limit", reason: LocalizedText(vi: "phải từ 1 đến 200", en: "must be between 1 and 200"))
        }
        return size
    }

    /// The idempotency record for a request, when the client sent a key.
    func idempotency<Body: Encodable>(key: String?, actor: Actor, operation: String, body: Body?) throws
        -> IdempotencyRequest?
    {
        guard let key else { return nil }
        // Its shape (visible ASCII, 1 to 200) is the contract's, checked by `ContractMiddleware` before this runs.
        var hasher = SHA256()
        hasher.update(data: Data(operation.utf8))
        if let body { hasher.update(data: try Self.encode(body)) }
        return IdempotencyRequest(userId: actor.userId, key: key, fingerprint: Data(hasher.finalize()))
    }

    /// Stored responses keep milliseconds, so a replay is the same document as the original.
    static func encode<T: Encodable>(_ value: T) throws -> Data { try storedResponses.encode(value) }

    /// Stored responses and request fingerprints: keys sorted, slashes escaped, times to the millisecond. Keys
    /// stored before must still match, so this differs from the canonical form and stays as it is.
    private static let storedResponses = JSONCoding.encoder([.sortedKeys], dates: InternetDate.stringWithMilliseconds)

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            return try Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        return try decoder.decode(type, from: data)
    }
}
