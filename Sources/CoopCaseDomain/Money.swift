/// An amount in Vietnamese đồng. VND has no minor unit in use, so whole numbers only.
public typealias VND = Int64

/// Formats VND the Vietnamese way: `468.000.000 ₫`.
public func formatVND(_ amount: VND) -> String { groupDigits(amount) + " ₫" }

/// Digits in groups of three, Vietnamese style: `468.000.000`.
public func groupDigits(_ amount: Int64) -> String {
    let digits = String(amount.magnitude)
    var grouped = ""
    for (index, character) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(".") }
        grouped.append(character)
    }
    return (amount < 0 ? "-" : "") + grouped
}
