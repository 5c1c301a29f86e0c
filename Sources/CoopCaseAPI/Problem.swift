import CoopCaseDomain
import CoopCaseService
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime

/// An RFC 9457 problem, as sent to clients.
struct Problem: Encodable, Equatable {
    var type = "about:blank"
    var title: String
    var status: Int
    var detail: String
    var code: String
    var rule: String?
    var field: String?
    /// For a file refused as a whole: every bad line.
    var lines: [Line]?

    struct Line: Encodable, Equatable {
        var line: Int
        var field: String
        var reason: String
    }

    /// The one place errors become HTTP: every refusal gets its status, stable code and localized text.
    static func from(_ error: any Error, language: Language) -> (Problem, [HTTPField.Name: String])? {
        switch error {
        case let error as ServerError:
            return from(error.underlyingError, language: language) ?? fallback(error, language: language)
        case let error as DomainError:
            var problem = Problem(
                title: error.title(language), status: Int(status(of: error).code), detail: error.detail(language),
                code: error.code)
            switch error {
            case .notEligible(let rule, _), .fourEyes(let rule): problem.rule = rule
            case .validation(let field, _): problem.field = field
            case .invalidTransition: problem.rule = "workflowTable"
            case .supplementAskedOnce: problem.rule = "supplementAskedOnce"
            case .forbidden, .notPermitted: problem.rule = "role"
            default: break
            }
            return (problem, [:])
        case let error as APIError:
            var headers: [HTTPField.Name: String] = [:]
            if case .tooManyRequests(let seconds) = error { headers[.retryAfter] = String(seconds) }
            if case .timedOut = error { headers[.retryAfter] = "5" }
            if error == .unauthenticated || error == .invalidCredentials { headers[.wwwAuthenticate] = "Bearer" }
            if case .methodNotAllowed(let allow) = error { headers[.allow] = allow.joined(separator: ", ") }
            var problem = Problem(
                title: error.title(language), status: Int(error.status.code), detail: error.detail(language),
                code: error.code)
            if case .badRequest(let field, _) = error { problem.field = field }
            return (problem, headers)
        case let error where StorageFailure(error) == .unstorableText:
            // Text the database cannot store (bad encoding, too long for its column): the client's input.
            return from(
                APIError.badRequest(
                    field: "body",
                    reason: LocalizedText(
                        vi: "có đoạn chữ không lưu được (sai mã hoá hoặc quá dài)",
                        en: "contains text that cannot be stored")), language: language)
        case let error as FileImportError:
            guard case .invalidLines(let problems) = error else { return nil }
            var problem = Problem(
                title: language == .en ? "Invalid file" : "Tệp không hợp lệ", status: 422,
                detail: language == .en
                    ? "\(problems.count) line(s) of the file are wrong; nothing was imported."
                    : "Có \(problems.count) dòng sai trong tệp; chưa nhập gì.",
                code: "invalidFile")
            problem.lines = problems.map {
                Line(line: $0.line, field: FieldLabel.text($0.field, language), reason: $0.reason.text(language))
            }
            return (problem, [:])
        case let error as IdempotencyError where error == .keyReused:
            return from(APIError.idempotencyKeyReused, language: language)
        case is NIOTooManyBytesError:
            // A body read past its limit as it streamed in (chunked, with no Content-Length to refuse it by).
            return from(APIError.payloadTooLarge, language: language)
        case let error where String(reflecting: Swift.type(of: error)).hasSuffix(".HTTPParserError"):
            // NIO's HTTP parser refused the bytes (a malformed chunk, say); its type is not imported here.
            _ = error
            return from(
                APIError.badRequest(
                    field: "body",
                    reason: LocalizedText(vi: "không đúng dạng HTTP", en: "is not well-formed HTTP")),
                language: language)
        case let error as DecodingError:
            return from(APIError.badRequest(field: path(of: error), reason: reason(of: error)), language: language)
        case let error as HTTPError:
            let status = error.status
            guard status.code < 500 else { return nil }
            switch status.code {
            case 404:
                return from(
                    DomainError.notFound(entity: .resource), language: language)
            case 413: return from(APIError.payloadTooLarge, language: language)
            case 405:
                let title = language == .en ? "Method not allowed" : "Phương thức không được hỗ trợ"
                return (Problem(title: title, status: 405, detail: title, code: "methodNotAllowed"), [:])
            default:
                let said = error.body ?? status.reasonPhrase
                return from(
                    APIError.badRequest(
                        field: "request", reason: LocalizedText(vi: "không đọc được yêu cầu", en: said)),
                    language: language)
            }
        default:
            return nil
        }
    }

    /// Runtime errors the generated code raised while reading the request (bad header, wrong content type…).
    private static func fallback(_ error: ServerError, language: Language) -> (Problem, [HTTPField.Name: String])? {
        let status = error.httpStatus
        guard status.code < 500 else { return nil }
        let known: APIError =
            status.code == 415
            ? .unsupportedMediaType : .badRequest(field: "request", reason: LocalizedText(vi: "", en: ""))
        let detail =
            language == .en
            ? error.causeDescription
            : "Không đọc được yêu cầu: tiêu đề, tham số hoặc kiểu nội dung không đúng hợp đồng API."
        return (
            Problem(
                title: status.code == 415 || status.code == 400 ? known.title(language) : status.reasonPhrase,
                status: status.code, detail: detail, code: known.code), [:]
        )
    }

    static func status(of error: DomainError) -> HTTPResponse.Status {
        switch error {
        case .invalidTransition, .budgetExhausted, .cooperativeCapExceeded, .callWindowClosed, .programmeNotOpen,
            .conflict, .supplementAskedOnce:
            .conflict
        case .forbidden, .notPermitted, .fourEyes: .forbidden
        case .notFound: .notFound
        case .stale: .preconditionFailed
        case .notEligible, .ceilingExceeded, .missingDocuments, .validation, .calendarNotCovered: .unprocessableContent
        }
    }

    private static func path(of error: DecodingError) -> String {
        let context: DecodingError.Context? =
            switch error {
            case .dataCorrupted(let context), .keyNotFound(_, let context), .typeMismatch(_, let context),
                .valueNotFound(_, let context):
                context
            @unknown default: nil
            }
        var path = (context?.codingPath ?? []).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
        if case .keyNotFound(let key, _) = error { path.append(key.stringValue) }
        return path.isEmpty ? "body" : path.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
    }

    private static func reason(of error: DecodingError) -> LocalizedText {
        switch error {
        case .keyNotFound: ValidationReason.required.text
        case .typeMismatch(let type, _):
            LocalizedText(vi: "sai kiểu dữ liệu", en: "has the wrong type (expected \(type))")
        case .valueNotFound: LocalizedText(vi: "không được để trống (null)", en: "must not be null")
        case .dataCorrupted(let context): LocalizedText(vi: "giá trị không hợp lệ", en: context.debugDescription)
        @unknown default: LocalizedText(vi: "không hợp lệ", en: "is invalid")
        }
    }
}

/// Turns every error into a problem response; logs what clients must not see.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let language = Language(preferring: request.headers[.acceptLanguage])
        do {
            return try await next(request, context)
        } catch {
            if let (problem, headers) = Problem.from(error, language: language) {
                return Self.response(problem, headers: headers)
            }
            // The OpenAPI runtime's error describes the whole request (its headers, the bearer token among them, and the
            // decoded body): only its type and the cause beneath it are logged.
            let cause = (error as? ServerError)?.underlyingError ?? error
            context.logger.error(
                "request failed",
                metadata: [
                    "path": "\(request.uri.path.prefix(200))", "error": "\(type(of: error))",
                    "cause": "\(String(reflecting: cause))",
                ])
            let unavailable = Self.isDatabaseDown(error)
            let problem = Problem(
                title: unavailable
                    ? (language == .en ? "Service unavailable" : "Dịch vụ tạm gián đoạn")
                    : (language == .en ? "Internal error" : "Lỗi hệ thống"),
                status: unavailable ? 503 : 500,
                detail: language == .en
                    ? "The request could not be completed; nothing was changed. Try again later."
                    : "Không thể hoàn tất yêu cầu; chưa có gì thay đổi. Vui lòng thử lại sau.",
                code: unavailable ? "unavailable" : "internal")
            return Self.response(problem, headers: unavailable ? [.retryAfter: "5"] : [:])
        }
    }

    static func isDatabaseDown(_ error: any Error) -> Bool {
        StorageFailure((error as? ServerError)?.underlyingError ?? error) == .unavailable
    }

    static func response(_ problem: Problem, headers extra: [HTTPField.Name: String]) -> Response {
        let body = (try? JSONCoding.canonical.encode(problem)) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        for (name, value) in extra { headers[name] = value }
        return Response(
            status: HTTPResponse.Status(code: problem.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
