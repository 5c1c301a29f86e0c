import Configuration
import CoopCaseDomain
import Foundation
import HTTPTypes
import Testing
import Yams

/// Every limit the served contract states — `maxLength`, `minLength`, `maxItems`, `minimum`, `maximum`, `pattern`,
/// on path, query and header parameters and on every body field at any depth — is tried one past the limit (refused:
/// 400 naming the field, nothing stored) and at the limit (not refused for it). The limits are found by walking the
/// contract here, independently of the server's own reading of it.
@Suite struct ContractLimitsTests {
    /// One value to send for one limit.
    struct Probe: CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var location: String
        /// Body: the property names and array indexes down to the field; parameters: the name.
        var trail: [Step]
        var value: Any
        var keyword: String
        var breaks: Bool

        var field: String {
            trail.reduce("") { text, step in
                switch step {
                case .key(let name): text.isEmpty ? name : "\(text).\(name)"
                case .index(let index): "\(text)[\(index)]"
                }
            }
        }
        var description: String {
            "\(method) \(path) \(location) \(field) \(keyword) \(breaks ? "one past" : "at the limit")"
        }
    }

    enum Step { case key(String), index(Int) }

    @Test func everyLimitOfTheContractIsEnforced() async throws {
        // Hundreds of requests from one caller: the general rate limit has its own tests.
        let unthrottled: [AbsoluteConfigKey: ConfigValue] = [
            "rateLimit.general.burst": 1_000_000, "rateLimit.general.perMinute": 1_000_000,
        ]
        try await API.with(config: unthrottled) { api in
            let served = try await api.send(.get, "/openapi.yaml", as: .anonymous)
            let contract = try #require(try Yams.load(yaml: served.text).flatMap(Self.dictionary))
            let probes = try Self.probes(contract)
            // A floor, so a walk that finds nothing cannot pass: the contract states well over a hundred limits.
            #expect(probes.filter(\.breaks).count > 150, "\(probes.filter(\.breaks).count) limits found")
            let draft = try await api.world.draft()
            let fillers = [
                "ref": draft.reference.value, "code": api.world.programme.code, "username": "admin",
                "id": api.world.cooperative.id.uuidString, "action": "update", "year": "2031", "day": "2031-01-01",
            ]
            let before = try await api.footprint()
            var tried = 0
            for probe in probes {
                let reply = try await Self.send(probe, fillers: fillers, api: api)
                tried += 1
                #expect(reply.status < 500, "\(probe): \(reply.status)")
                if probe.breaks {
                    #expect(reply.status == 400, "\(probe): \(reply.status) \(reply.text.prefix(200))")
                    #expect(reply.code == "badRequest", "\(probe): \(reply.text.prefix(200))")
                    // NUL is refused before any field is read, naming the part of the request that held it.
                    if probe.keyword != "pattern (NUL)" {
                        #expect(reply["field"] as? String == probe.field, "\(probe): \(reply.text.prefix(200))")
                    }
                } else {
                    let refusedForIt = reply.status == 400 && reply["field"] as? String == probe.field
                    #expect(!refusedForIt, "\(probe): \(reply.text.prefix(200))")
                }
            }
            #expect(tried == probes.count)
            // Refusals change nothing; the at-limit probes carry no valid body either, so they store nothing.
            #expect(try await api.footprint() == before)
        }
    }

    @Test func numbersPastInt64AreRefusedNotTrapped() async throws {
        try await API.with { api in
            let before = try await api.footprint()
            for number in ["9223372036854775808", "-9223372036854775809", "1e400", "-1e400"] {
                let json = #"{"programme":"X","request":{"amount":\#(number),"purpose":"x"}}"#
                let reply = try await api.send(.post, "/v1/applications", as: .officer, json: json)
                #expect(reply.status == 400, "\(number): \(reply.text.prefix(200))")
            }
            let reply = try await api.send(.get, "/v1/applications?limit=9223372036854775808", as: .officer)
            #expect(reply.status == 400)
            #expect(try await api.footprint() == before)
        }
    }

    @Test func theLatestCursorTheContractAllowsIsAPosition() async throws {
        try await API.with { api in
            _ = try await api.world.draft()
            _ = try await api.world.draft()
            // Year 2286, the last the 16 digits can say: every application lies after it.
            let reply = try await api.send(
                .get, "/v1/applications?cursor=9999999999999999_\(UUID().uuidString.lowercased())", as: .officer)
            #expect(reply.status == 200, "\(reply.text.prefix(200))")
            #expect((reply["items"] as? [Any])?.isEmpty == false)
            let first = try await api.send(.get, "/v1/applications?limit=1", as: .officer)
            // A cursor the server hands out has the shape the contract states, and is taken back.
            let next = try #require(first["nextCursor"] as? String)
            let page = try await api.send(.get, "/v1/applications?limit=1&cursor=\(next)", as: .officer)
            #expect(page.status == 200)
            #expect((page["items"] as? [Any])?.count == 1)
        }
    }

    // MARK: - Walking the contract

    static func dictionary(_ value: Any) -> [String: Any]? {
        if let value = value as? [String: Any] { return value }
        if let value = value as? [AnyHashable: Any] {
            return Dictionary(uniqueKeysWithValues: value.map { ("\($0.key)", $0.value) })
        }
        return nil
    }

    static func resolve(_ node: Any?, in root: [String: Any]) -> [String: Any]? {
        guard var node = node.flatMap(dictionary) else { return nil }
        while let reference = node["$ref"] as? String {
            var target: Any? = root
            for part in reference.dropFirst(2).split(separator: "/") {
                target = target.flatMap(dictionary)?[String(part)]
            }
            guard let next = target.flatMap(dictionary) else { return nil }
            node = next
        }
        return node
    }

    static func int(_ value: Any?) -> Int64? {
        if let value = value as? Int { return Int64(value) }
        if let value = value as? Int64 { return value }
        return (value as? String).flatMap { Int64($0) }
    }

    static func probes(_ root: [String: Any]) throws -> [Probe] {
        var probes: [Probe] = []
        let paths = try #require(root["paths"].flatMap(dictionary))
        for (path, item) in paths {
            guard let item = dictionary(item) else { continue }
            let shared = (item["parameters"] as? [Any]) ?? []
            for (name, operation) in item {
                guard let method = HTTPRequest.Method(name.uppercased()),
                    ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(name.uppercased()),
                    let operation = dictionary(operation)
                else { continue }
                for parameter in ((operation["parameters"] as? [Any]) ?? []) + shared {
                    guard let parameter = resolve(parameter, in: root), let name = parameter["name"] as? String,
                        let location = parameter["in"] as? String,
                        let schema = resolve(parameter["schema"], in: root)
                    else { continue }
                    probes += limits(of: schema, root: root, ascii: location == "header").map {
                        Probe(
                            method: method, path: path, location: location, trail: [.key(name)], value: $0.value,
                            keyword: $0.keyword, breaks: $0.breaks)
                    }
                }
                let content = resolve(operation["requestBody"], in: root)?["content"].flatMap(dictionary)
                if let schema = resolve(content?["application/json"].flatMap(dictionary)?["schema"], in: root) {
                    walk(schema, trail: [], root: root) { trail, value, keyword, breaks in
                        probes.append(
                            Probe(
                                method: method, path: path, location: "body", trail: trail, value: value,
                                keyword: keyword, breaks: breaks))
                    }
                }
            }
        }
        return probes
    }

    /// Calls `found` for each limit of `schema` and of every schema inside it.
    static func walk(
        _ schema: [String: Any], trail: [Step], root: [String: Any], depth: Int = 0,
        found: (_ trail: [Step], _ value: Any, _ keyword: String, _ breaks: Bool) -> Void
    ) {
        guard depth < 12 else { return }
        if !trail.isEmpty {
            for limit in limits(of: schema, root: root) { found(trail, limit.value, limit.keyword, limit.breaks) }
        }
        if let items = resolve(schema["items"], in: root) {
            walk(items, trail: trail + [.index(0)], root: root, depth: depth + 1, found: found)
        }
        for (name, property) in schema["properties"].flatMap(dictionary) ?? [:] {
            if let property = resolve(property, in: root) {
                walk(property, trail: trail + [.key(name)], root: root, depth: depth + 1, found: found)
            }
        }
    }

    /// One past each limit of one schema, and the limit itself.
    static func limits(of schema: [String: Any], root: [String: Any], ascii: Bool = false)
        -> [(value: Any, keyword: String, breaks: Bool)]
    {
        var limits: [(value: Any, keyword: String, breaks: Bool)] = []
        let pattern = (schema["pattern"] as? String).flatMap { try? NSRegularExpression(pattern: $0) }
        func fits(_ text: String) -> Bool {
            pattern.map { $0.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil } ?? true
        }
        // Characters of three UTF-8 bytes, so a limit counted in bytes would show; plain letters where a pattern or
        // a header asks for them.
        func text(_ count: Int) -> String {
            let wide = String(repeating: "Ạ", count: count)
            return !ascii && fits(wide) ? wide : String(repeating: "A", count: count)
        }
        if let max = int(schema["maxLength"]) {
            limits.append((text(Int(max) + 1), "maxLength \(max)", true))
            if fits(text(Int(max))) { limits.append((text(Int(max)), "maxLength \(max)", false)) }
        }
        if let min = int(schema["minLength"]), min > 0 {
            limits.append((text(Int(min) - 1), "minLength \(min)", true))
            if fits(text(Int(min))) { limits.append((text(Int(min)), "minLength \(min)", false)) }
        }
        if let source = schema["pattern"] as? String {
            if source == #"^[^\x00]*$"# {
                limits.append(("A\u{0}B", "pattern (NUL)", true))
            } else if !fits("é é") {
                limits.append(("é é", "pattern \(source)", true))
            }
        }
        if let max = int(schema["maximum"]) {
            limits.append((max + 1, "maximum \(max)", true))
            limits.append((max, "maximum \(max)", false))
        }
        if let min = int(schema["minimum"]) {
            limits.append((min - 1, "minimum \(min)", true))
            limits.append((min, "minimum \(min)", false))
        }
        if let max = int(schema["maxItems"]) {
            let item = resolve(schema["items"], in: root) ?? [:]
            let least: Int64 = int(item["minimum"]) ?? 1
            let one: Any =
                switch item["type"] as? String {
                case "string": "A"
                case "integer": least
                default: [String: Any]()
                }
            limits.append((Array(repeating: one, count: Int(max) + 1), "maxItems \(max)", true))
            limits.append((Array(repeating: one, count: Int(max)), "maxItems \(max)", false))
        }
        return limits
    }

    // MARK: - Sending

    static func send(_ probe: Probe, fillers: [String: String], api: API) async throws -> Reply {
        func encoded(_ value: Any) -> String {
            let text = value as? String ?? "\(value)"
            return text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        }
        var path = probe.path
        for (name, filler) in fillers {
            let value =
                probe.location == "path" && probe.field == name ? encoded(probe.value) : filler
            path = path.replacingOccurrences(of: "{\(name)}", with: value)
        }
        var headers = ["If-Match": "\"1\""]
        var json: String?
        switch probe.location {
        case "query": path += "?\(probe.field)=\(encoded(probe.value))"
        case "header": headers[probe.field] = probe.value as? String ?? "\(probe.value)"
        case "body":
            var value: Any = probe.value
            for step in probe.trail.reversed() {
                switch step {
                case .key(let name): value = [name: value]
                case .index: value = [value]
                }
            }
            json = String(decoding: try JSONSerialization.data(withJSONObject: value), as: UTF8.self)
        default: break
        }
        return try await api.send(probe.method, path, as: .admin, json: json, headers: headers)
    }
}
