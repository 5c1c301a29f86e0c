import CoopCaseDomain
import HTTPTypes

/// Refusals that belong to HTTP rather than to the domain.
enum APIError: Error, Equatable {
    /// PostgreSQL text cannot hold NUL.
    static let noNul = LocalizedText(vi: "không được chứa ký tự NUL", en: "must not contain NUL characters")

    case unauthenticated
    case invalidCredentials
    case preconditionRequired
    case badRequest(field: String, reason: LocalizedText)
    case tooManyRequests(retryAfter: Int)
    case idempotencyKeyReused
    case payloadTooLarge
    case unsupportedMediaType
    case timedOut
    /// `If-Match` with a weak entity tag, which never matches (RFC 9110 compares strongly).
    case weakETag
    /// A known path asked with a method it does not take; `allow` lists those it does.
    case methodNotAllowed(allow: [String])

    var status: HTTPResponse.Status {
        switch self {
        case .unauthenticated, .invalidCredentials: .unauthorized
        case .preconditionRequired: .preconditionRequired
        case .badRequest: .badRequest
        case .tooManyRequests: .tooManyRequests
        case .idempotencyKeyReused: .unprocessableContent
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .timedOut: .serviceUnavailable
        case .methodNotAllowed: .methodNotAllowed
        case .weakETag: .preconditionFailed
        }
    }

    var code: String {
        switch self {
        case .unauthenticated: "unauthenticated"
        case .invalidCredentials: "invalidCredentials"
        case .preconditionRequired: "preconditionRequired"
        case .badRequest: "badRequest"
        case .tooManyRequests: "tooManyRequests"
        case .idempotencyKeyReused: "idempotencyKeyReused"
        case .payloadTooLarge: "payloadTooLarge"
        case .unsupportedMediaType: "unsupportedMediaType"
        case .timedOut: "unavailable"
        case .methodNotAllowed: "methodNotAllowed"
        case .weakETag: "stale"
        }
    }

    func title(_ language: Language) -> String {
        let text: LocalizedText =
            switch self {
            case .unauthenticated: LocalizedText(vi: "Chưa đăng nhập", en: "Not authenticated")
            case .invalidCredentials: LocalizedText(vi: "Sai thông tin đăng nhập", en: "Invalid credentials")
            case .preconditionRequired: LocalizedText(vi: "Thiếu If-Match", en: "If-Match required")
            case .badRequest: LocalizedText(vi: "Yêu cầu không hợp lệ", en: "Bad request")
            case .tooManyRequests: LocalizedText(vi: "Quá nhiều yêu cầu", en: "Too many requests")
            case .idempotencyKeyReused:
                LocalizedText(vi: "Idempotency-Key đã dùng cho yêu cầu khác", en: "Idempotency-Key reused")
            case .payloadTooLarge: LocalizedText(vi: "Nội dung quá lớn", en: "Payload too large")
            case .unsupportedMediaType: LocalizedText(vi: "Sai kiểu nội dung", en: "Unsupported media type")
            case .timedOut: LocalizedText(vi: "Dịch vụ tạm gián đoạn", en: "Service unavailable")
            case .methodNotAllowed: LocalizedText(vi: "Phương thức không được hỗ trợ", en: "Method not allowed")
            case .weakETag: LocalizedText(vi: "Dữ liệu đã thay đổi", en: "Stale version")
            }
        return text.text(language)
    }

    func detail(_ language: Language) -> String {
        let en = language == .en
        switch self {
        case .unauthenticated:
            return en
                ? "Send a valid bearer token (POST /v1/sessions to get one)."
                : "Hãy gửi mã truy cập hợp lệ (lấy bằng POST /v1/sessions)."
        case .invalidCredentials:
            return en ? "Unknown user or wrong password." : "Tên đăng nhập hoặc mật khẩu không đúng."
        case .preconditionRequired:
            return en
                ? "Send If-Match with the application's ETag (its version) as last read."
                : "Hãy gửi If-Match với ETag (phiên bản) của hồ sơ lần đọc gần nhất."
        case .badRequest(let field, let reason): return "\(FieldLabel.text(field, language)): \(reason.text(language))"
        case .tooManyRequests(let seconds):
            return en ? "Slow down; try again in \(seconds) s." : "Vui lòng thử lại sau \(seconds) giây."
        case .idempotencyKeyReused:
            return en
                ? "This Idempotency-Key was used with a different request; use a new key."
                : "Idempotency-Key này đã dùng cho một yêu cầu khác; hãy dùng khoá mới."
        case .payloadTooLarge:
            return en ? "The request body is larger than allowed." : "Nội dung yêu cầu vượt quá giới hạn."
        case .unsupportedMediaType:
            return en
                ? "Send JSON with Content-Type: application/json." : "Hãy gửi JSON với Content-Type: application/json."
        case .timedOut:
            return en
                ? "The database did not answer in time. Read the record again before retrying a change."
                : "Cơ sở dữ liệu chưa trả lời kịp. Hãy đọc lại hồ sơ trước khi thử lại thao tác."
        case .weakETag:
            return en
                ? "If-Match needs the application's strong ETag, as the last read gave it (e.g. \"3\"); a weak tag never matches."
                : "If-Match cần ETag mạnh của hồ sơ, đúng như lần đọc gần nhất (ví dụ \"3\"); ETag yếu (W/) không bao giờ khớp."
        case .methodNotAllowed(let allow):
            let list = allow.joined(separator: ", ")
            return en ? "This address accepts only: \(list)." : "Địa chỉ này chỉ nhận: \(list)."
        }
    }
}
