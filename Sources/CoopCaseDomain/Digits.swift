/// Numbers written as `String(format:)` would write them, without its cost (Foundation parses the format and
/// bridges through `NSString` on every call): these run for every row of a list and every page.
public enum Digits {
    /// `value` with leading zeros up to `width` digits, as `%0*d` writes it.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let zeros = String(repeating: "0", count: max(width - digits.count - (value < 0 ? 1 : 0), 0))
        return (value < 0 ? "-" : "") + zeros + digits
    }

    /// One decimal, to the nearest tenth, as `%.1f` writes a finite value of ordinary size (a value within a rounding
    /// error of halfway between two tenths may go to the other one).
    public static func tenths(_ value: Double) -> String {
        guard value.isFinite, value.magnitude < 1e15 else { return "\(value)" }
        let scaled = Int((value.magnitude * 10).rounded(.toNearestOrAwayFromZero))
        return (value.sign == .minus ? "-" : "") + "\(scaled / 10).\(scaled % 10)"
    }
}
