import Foundation
import HTTPTypes
import Hummingbird
import Yams

/// Every limit the contract states on what a client sends — on path, query and header parameters and on request
/// bodies — read once from the served `openapi.yaml`, so the server enforces what the contract promises and nothing
/// drifts between the two.
struct ContractLimits: Sendable {
    struct Operation: Sendable {
        var segments: [Substring]
        var parameters: [Parameter]
        var body: ContractSchema?
    }

    struct Parameter: Sendable {
        enum Location: String, Sendable { case path, query, header }
        var name: String
        var location: Location
        var schema: ContractSchema
    }

    private let operations: [HTTPRequest.Method: [Operation]]

    enum ReadError: Error { case notAContract, unresolved(String), tooDeep }

    init(contract: String) throws {
        guard let root = try Yams.compose(yaml: contract), let paths = root["paths"]?.mapping else {
            throw ReadError.notAContract
        }
        let reader = Reader(root: root)
        var operations: [HTTPRequest.Method: [Operation]] = [:]
        for (pathNode, item) in paths {
            guard let path = pathNode.string, let item = item.mapping else { continue }
            let shared = try (item["parameters"]?.sequence.map(Array.init) ?? []).map(reader.resolve)
            for (methodNode, operation) in item {
                guard let name = methodNode.string?.uppercased(), let method = HTTPRequest.Method(name),
                    ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(name)
                else { continue }
                let own = try (operation["parameters"]?.sequence.map(Array.init) ?? []).map(reader.resolve)
                var parameters: [Parameter] = []
                for node in own + shared {
                    guard let name = node["name"]?.string,
                        let location = node["in"]?.string.flatMap(Parameter.Location.init),
                        let schema = node["schema"], !parameters.contains(where: { $0.name == name })
                    else { continue }
                    let limits = try reader.schema(schema)
                    if limits.hasLimits { parameters.append(Parameter(name: name, location: location, schema: limits)) }
                }
                let body = try operation["requestBody"].map(reader.resolve)?["content"]?["application/json"]?["schema"]
                    .map { try reader.schema($0) }
                operations[method, default: []].append(
                    Operation(
                        segments: path.split(separator: "/"), parameters: parameters,
                        body: body?.hasLimits == true ? body : nil))
            }
        }
        // Literal segments before templated ones: `/v1/programmes/mine` before `/v1/programmes/{code}`.
        self.operations = operations.mapValues { list in
            list.sorted {
                $0.segments.filter { $0.hasPrefix("{") }.count < $1.segments.filter { $0.hasPrefix("{") }.count
            }
        }
    }

    /// The operation `method` and `path` reach, if the contract has one.
    func operation(_ method: HTTPRequest.Method, _ path: String) -> Operation? {
        operation(method, segments: path.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
    }

    /// The operation `method` reaches at a path split into its segments (the leading empty one dropped).
    func operation(_ method: HTTPRequest.Method, segments: ArraySlice<Substring>) -> Operation? {
        let method = method == .head ? .get : method
        guard let candidates = operations[method] else { return nil }
        return candidates.first { operation in
            operation.segments.count == segments.count
                && zip(operation.segments, segments).allSatisfy { template, segment in
                    template.hasPrefix("{") ? !segment.isEmpty : template == segment
                }
        }
    }

    /// Reads schemas and follows `$ref`s within the one document.
    private struct Reader {
        let root: Node

        func resolve(_ node: Node) throws -> Node {
            var node = node
            var hops = 0
            while let reference = node["$ref"]?.string {
                guard reference.hasPrefix("#/"), hops < 16 else { throw ReadError.unresolved(reference) }
                var target: Node? = root
                for part in reference.dropFirst(2).split(separator: "/") { target = target?[String(part)] }
                guard let target else { throw ReadError.unresolved(reference) }
                node = target
                hops += 1
            }
            return node
        }

        func schema(_ node: Node, depth: Int = 0) throws -> ContractSchema {
            guard depth < 32 else { throw ReadError.tooDeep }
            let node = try resolve(node)
            func int(_ key: String) -> Int? { node[key]?.string.flatMap { Int($0) } }
            func int64(_ key: String) -> Int64? { node[key]?.string.flatMap { Int64($0) } }
            var schema = ContractSchema()
            schema.minLength = int("minLength")
            schema.maxLength = int("maxLength")
            schema.minimum = int64("minimum")
            schema.maximum = int64("maximum")
            schema.minItems = int("minItems")
            schema.maxItems = int("maxItems")
            let types = node["type"].map { $0.sequence.map { $0.compactMap(\.string) } ?? [$0.string ?? ""] }
            schema.nullable = types == nil || types!.contains("null") || node["nullable"]?.bool == true
            if let pattern = node["pattern"]?.string {
                schema.pattern =
                    pattern == ContractSchema.noNulPattern
                    ? .noNul : .expression(.init(try NSRegularExpression(pattern: pattern)))
            }
            if let items = node["items"] { schema.items = [try self.schema(items, depth: depth + 1)] }
            for (name, property) in node["properties"]?.mapping ?? [:] {
                guard let name = name.string else { continue }
                schema.properties.append((name, try self.schema(property, depth: depth + 1)))
            }
            return schema.sealed()
        }
    }
}

extension ContractLimits.Operation {
    /// Refuses the first parameter that breaks its limits; one that is absent is the decoder's to judge.
    func checkParameters(_ request: Request, path: ArraySlice<Substring>) throws(APIError) {
        guard !parameters.isEmpty else { return }
        let query = (request.uri.query ?? "").split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: Self.decoded(parts[0]), value: parts.count > 1 ? Self.decoded(parts[1]) : "")
        }
        for parameter in parameters {
            switch parameter.location {
            case .path:
                for (template, segment) in zip(segments, path) where template == "{\(parameter.name)}" {
                    try parameter.schema.check(parameter: Self.decoded(segment), at: parameter.name)
                }
            case .query:
                for (name, value) in query where name == parameter.name {
                    try parameter.schema.check(parameter: value, at: parameter.name)
                }
            case .header:
                guard let name = HTTPField.Name(parameter.name) else { continue }
                for value in request.headers[values: name] {
                    try parameter.schema.check(parameter: value, at: parameter.name)
                }
            }
        }
    }

    private static func decoded(_ text: Substring) -> String {
        text.contains("%") ? String(text).removingPercentEncoding ?? String(text) : String(text)
    }
}
