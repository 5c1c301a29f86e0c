import CoopCaseDomain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A browser's part in the workspace tests: it keeps the cookies it is given, sends them back, and fills forms with
/// the hidden values of the page they came from.
final class WorkspaceClient: @unchecked Sendable {
    let api: API
    var cookies: [String: String] = [:]

    init(_ api: API) { self.api = api }

    @discardableResult
    func get(_ path: String) async throws -> Reply {
        try await send(.get, path, body: nil)
    }

    @discardableResult
    func post(_ path: String, _ fields: [(String, String)]) async throws -> Reply {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.post, path, body: body)
    }

    func send(
        _ method: HTTPRequest.Method, _ path: String, body: String?, bytes: [UInt8]? = nil, contentType: String? = nil
    ) async throws -> Reply {
        var headers = HTTPFields()
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        }
        if body != nil || bytes != nil { headers[.contentType] = contentType ?? "application/x-www-form-urlencoded" }
        let buffer = bytes.map { ByteBuffer(bytes: $0) } ?? body.map { ByteBuffer(string: $0) }
        let response = try await api.client.execute(uri: path, method: method, headers: headers, body: buffer)
        for line in response.headers[values: .setCookie] {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if line.contains("Max-Age=0") || value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
        return Reply(status: Int(response.status.code), headers: response.headers, body: Data(buffer: response.body))
    }

    /// Signs in through the sign-in page.
    @discardableResult
    func signIn(_ username: String, password: String = API.password) async throws -> Reply {
        let page = try await get("/workspace/sign-in")
        let nonce = try Self.hidden("nonce", in: page.text)
        return try await post(
            "/workspace/sign-in", [("nonce", nonce), ("username", username), ("password", password)])
    }

    /// The value of a hidden field on a page.
    static func hidden(_ name: String, in html: String) throws -> String {
        let marker = "name=\"\(name)\" value=\""
        guard let start = html.range(of: marker) else { throw Missing(name: name) }
        let rest = html[start.upperBound...]
        return String(rest[..<(rest.firstIndex(of: "\"") ?? rest.endIndex)])
    }

    struct Missing: Error { var name: String }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
