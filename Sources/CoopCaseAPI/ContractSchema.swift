import CoopCaseDomain
import Foundation

/// The limits one schema of the contract puts on a value — length, count, range, pattern — and those of the values
/// inside it. Types and required fields are the generated decoder's to check; these it leaves alone.
struct ContractSchema: Sendable {
    var minLength: Int?
    var maxLength: Int?
    var pattern: Pattern?
    var minimum: Int64?
    var maximum: Int64?
    var minItems: Int?
    var maxItems: Int?
    /// Whether `null` may stand for the value: only when the schema says so (or states no type at all). The decoder
    /// would read a `null` as an absent optional field.
    var nullable = true
    /// The schema of an array's items (none, or one).
    var items: [ContractSchema] = []
    /// An object's properties, in the contract's order, so the first fault reported is always the same one.
    var properties: [(name: String, schema: ContractSchema)] = []

    /// A pattern a string must match.
    enum Pattern: Sendable {
        /// "No NUL character", which every string of the contract states; checked without a regular expression.
        case noNul
        case expression(Expression)
    }

    /// A compiled expression; `NSRegularExpression` is immutable once made, so it may be shared.
    final class Expression: @unchecked Sendable {
        let regex: NSRegularExpression
        init(_ regex: NSRegularExpression) { self.regex = regex }
    }

    static let noNulPattern = "^[^\\x00]*$"
    static let posix = Locale(identifier: "en_US_POSIX")

    /// Whether this schema or one inside it states any limit; values of schemas that state none are not walked.
    /// Worked out once, when the contract is read (`sealed()`), not on every request.
    private(set) var hasLimits = false

    /// The schema with `hasLimits` worked out, its items and properties already sealed.
    func sealed() -> ContractSchema {
        var schema = self
        schema.hasLimits =
            !nullable || minLength != nil || maxLength != nil || pattern != nil || minimum != nil || maximum != nil
            || minItems != nil || maxItems != nil || items.contains(where: \.hasLimits)
            || properties.contains(where: \.schema.hasLimits)
        return schema
    }

    /// Checks a value decoded by `JSONSerialization`; `field` names it in the refusal (`request.items[2].name`).
    func check(_ value: Any, at field: String) throws(APIError) {
        if value is NSNull {
            if !nullable { throw Self.refusal(field.isEmpty ? "body" : field, .null) }
        } else if let text = value as? String {
            try check(text: text, at: field)
        } else if let number = value as? NSNumber, minimum != nil || maximum != nil {
            // Integers a double holds exactly are compared as integers; anything larger as a decimal.
            let double = number.doubleValue
            if double.magnitude < 9_007_199_254_740_992, let integer = Int64(exactly: double) {
                try check(integer: integer, at: field)
            } else {
                try check(number: number.decimalValue, at: field)
            }
        } else if let array = value as? [Any] {
            if let maxItems, array.count > maxItems { throw Self.refusal(field, .tooManyItems(maxItems)) }
            if let minItems, array.count < minItems { throw Self.refusal(field, .tooFewItems(minItems)) }
            if let schema = items.first, schema.hasLimits {
                for (index, item) in array.enumerated() { try schema.check(item, at: "\(field)[\(index)]") }
            }
        } else if let object = value as? [String: Any] {
            for (name, schema) in properties where schema.hasLimits {
                if let member = object[name] { try schema.check(member, at: field.isEmpty ? name : "\(field).\(name)") }
            }
        }
    }

    /// Checks a parameter's text: a string's limits, or an integer's range once it is read as one.
    func check(parameter text: String, at field: String) throws(APIError) {
        if minimum != nil || maximum != nil {
            if let integer = Int64(text) { return try check(integer: integer, at: field) }
            // Not a number at all is the generated decoder's refusal, with its own words.
            guard let number = Decimal(string: text, locale: Self.posix) else { return }
            try check(number: number, at: field)
        } else {
            try check(text: text, at: field)
        }
    }

    private func check(text: String, at field: String) throws(APIError) {
        // JSON Schema counts characters as code points; a UTF-8 byte count at or under the limit is enough.
        if let maxLength, text.utf8.count > maxLength, text.unicodeScalars.count > maxLength {
            throw Self.refusal(field, .tooLong(maxLength))
        }
        if let minLength, text.unicodeScalars.count < minLength {
            throw Self.refusal(field, minLength == 1 ? .empty : .tooShort(minLength))
        }
        switch pattern {
        case nil: break
        case .noNul:
            if text.utf8.contains(0) { throw APIError.badRequest(field: field, reason: APIError.noNul) }
        case .expression(let expression):
            let range = NSRange(text.startIndex..., in: text)
            if expression.regex.firstMatch(in: text, range: range) == nil {
                throw Self.refusal(field, .wrongForm)
            }
        }
    }

    private func check(integer: Int64, at field: String) throws(APIError) {
        if let maximum, integer > maximum { throw Self.refusal(field, .above(maximum)) }
        if let minimum, integer < minimum { throw Self.refusal(field, .below(minimum)) }
    }

    /// Numbers past what a double holds exactly, or with a fraction.
    private func check(number: Decimal, at field: String) throws(APIError) {
        if let maximum, number > Decimal(maximum) { throw Self.refusal(field, .above(maximum)) }
        if let minimum, number < Decimal(minimum) { throw Self.refusal(field, .below(minimum)) }
    }

    enum Fault {
        case tooLong(Int), tooShort(Int), empty, tooManyItems(Int), tooFewItems(Int), above(Int64), below(Int64)
        case wrongForm, null
    }

    static func refusal(_ field: String, _ fault: Fault) -> APIError {
        let reason: LocalizedText =
            switch fault {
            case .tooLong(let limit):
                LocalizedText(vi: "dài quá \(limit) ký tự", en: "is longer than \(limit) characters")
            case .tooShort(let limit):
                LocalizedText(vi: "ngắn hơn \(limit) ký tự", en: "is shorter than \(limit) characters")
            case .empty: LocalizedText(vi: "không được để trống", en: "must not be empty")
            case .tooManyItems(let limit): LocalizedText(vi: "có quá \(limit) mục", en: "has more than \(limit) items")
            case .tooFewItems(let limit):
                LocalizedText(vi: "có ít hơn \(limit) mục", en: "has fewer than \(limit) items")
            case .above(let limit): LocalizedText(vi: "lớn hơn \(limit)", en: "is greater than \(limit)")
            case .below(let limit): LocalizedText(vi: "nhỏ hơn \(limit)", en: "is less than \(limit)")
            case .wrongForm: LocalizedText(vi: "không đúng dạng quy định", en: "does not have the required form")
            case .null: LocalizedText(vi: "không được là null", en: "must not be null")
            }
        return .badRequest(field: field, reason: reason)
    }
}
