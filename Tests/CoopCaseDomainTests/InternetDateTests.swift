import CoopCaseDomain
import Foundation
import Testing

@Suite struct InternetDateTests {
    /// Random instants from 1900 to 2200, written and read as Foundation's formatter does.
    @Test func writesAndReadsWhatTheISO8601FormatterDoes() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        let instants =
            (0..<20_000).map { _ in Double.random(in: -2_208_988_800...7_258_118_400, using: &generator) }
            + [0, -1, 951_782_400, 951_868_799.999, 4_107_542_400]  // epoch, leap days, 2100-03-01
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            let expected = formatter.string(from: date)
            #expect(InternetDate.string(date) == expected)
            #expect(InternetDate.parse(expected) == formatter.date(from: expected))
        }
    }

    /// Audit times: random instants from 1900 to 2200, and instants on and beside millisecond boundaries.
    @Test func writesMillisecondsAsTheFormatStyleDoes() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        var generator = SystemRandomNumberGenerator()
        let instants =
            (0..<20_000).map { _ in Double.random(in: -2_208_988_800...7_258_118_400, using: &generator) }
            + (0..<20_000).map { _ in
                Double(Int64.random(in: -2_208_988_800_000...7_258_118_400_000, using: &generator)) / 1000
                    + [0, 0.0005, 0.0004999, 0.0009999, -0.0000001].randomElement(using: &generator)!
            } + [0, -1, -0.0005, 951_782_400, 951_868_799.999, 4_107_542_400]
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(InternetDate.stringWithMilliseconds(date) == date.formatted(style), "\(seconds)")
        }
    }

    @Test func readsFractionsAndOffsetsAndNothingElse() {
        #expect(InternetDate.parse("2026-11-30T02:16:00.250Z") == Date(timeIntervalSince1970: 1_796_004_960.25))
        #expect(InternetDate.parse("2026-11-30T09:16:00+07:00") == Date(timeIntervalSince1970: 1_796_004_960))
        #expect(InternetDate.parse("2026-11-29T18:07:00.5-08:09") == Date(timeIntervalSince1970: 1_796_004_960.5))
        for other in [
            "2026-11-30", "2026-02-30T00:00:00Z", "2026-11-30T24:00:00Z", "2026-11-30T02:16:00.Z",
            "2026-11-30 02:16:00Z", "x026-11-30T02:16:00Z", "2026-11-30T09:16:00+24:00", "2026-11-30T09:16:00+0700",
            "2026-11-30T09:16:00.+07:00",
        ] {
            #expect(InternetDate.parse(other) == nil, "\(other)")
        }
    }
}

/// What a client may send as a date: nothing it writes may trap the reader, and years that could not be written back
/// are refused.
@Suite struct InternetDateInputTests {
    @Test func longFractionsAreReadToTheNanosecondWithoutOverflow() {
        let many = "2026-01-01T00:00:00." + String(repeating: "9", count: 40) + "Z"
        let date = InternetDate.read(many)
        #expect(date.map { abs($0.timeIntervalSince1970 - 1_767_225_601) < 0.000_01 } == true)
        #expect(InternetDate.parse("2026-01-01T00:00:00." + String(repeating: "0", count: 30) + "1Z") != nil)
        #expect(InternetDate.parse("2026-01-01T00:00:00." + String(repeating: "9", count: 25) + "xZ") == nil)
    }

    @Test func yearsOutsideOneToNineThousandNineHundredNinetyNineAreRefused() {
        for text in [
            "+99999-01-01T00:00:00Z", "99999-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "0000-12-31T23:59:59Z",
        ] {
            #expect(InternetDate.read(text) == nil, "\(text)")
        }
        #expect(InternetDate.read("9999-12-31T23:59:59Z") != nil)
        #expect(InternetDate.read("0001-01-01T00:00:00Z") != nil)
        #expect(InternetDate.read("2015-02-30T00:00:00Z") == nil, "an impossible day is not moved to March")
    }
}
