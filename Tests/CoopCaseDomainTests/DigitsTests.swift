import CoopCaseDomain
import Foundation
import Testing

/// Numbers written without `String(format:)` (`Digits`, and hashes through `AuditCheckpoint.hex`) read as
/// `String(format:)` writes them.
@Suite struct DigitsTests {
    @Test func paddedNumbersAreWhatPercentZeroDWrites() {
        var generator = SystemRandomNumberGenerator()
        let values =
            [0, 1, -1, 9, 10, 99_999, Int.max, Int.min + 1]
            + (0..<3_000).map { _ in Int.random(in: -1_000_000...1_000_000, using: &generator) }
        for value in values {
            for width in [0, 1, 2, 4, 6, 12] {
                #expect(Digits.padded(value, width) == String(format: "%0*ld", width, value), "\(value) \(width)")
            }
        }
        #expect(Digits.padded(Int.min, 2) == "\(Int.min)")
        #expect(CivilDay(year: 2026, month: 3, day: 9).description == "2026-03-09")
        #expect(CivilDay(year: 99_999, month: 12, day: 31).description == "99999-12-31")
    }

    @Test func hexIsWhatPercentZeroTwoXWritesForEachByte() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 16, 32, 257] {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(AuditCheckpoint.hex(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        }
        #expect(AuditCheckpoint.hex([0x00, 0x0f, 0xf0, 0xff]) == "000ff0ff")
    }

    @Test func tenthsAreWhatPercentPointOneFWritesAwayFromTies() {
        var generator = SystemRandomNumberGenerator()
        let values =
            [0, 0.04, 0.06, 1, 12.3, 999.94, -0.04, -2.5e-9, 1e14]
            + (0..<5_000).map { _ in Double.random(in: -100_000...100_000, using: &generator) }
        for value in values {
            let scaled = (value * 10).magnitude
            // Halfway cases depend on the binary value's last bits; both roundings are a tenth away at most.
            guard (scaled - scaled.rounded(.down) - 0.5).magnitude > 1e-6 else { continue }
            #expect(Digits.tenths(value) == String(format: "%.1f", value), "\(value)")
        }
        #expect(Digits.tenths(.infinity) == "inf")
        #expect(Digits.tenths(.nan) == "nan")
    }
}
