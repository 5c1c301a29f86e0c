import CoopCaseDomain
import Foundation
import Testing

/// Dates shown to people are counted by arithmetic on Vietnam's fixed offset; they agree with Foundation's calendar.
@Suite struct DisplayDateTests {
    @Test func daysAndMomentsAgreeWithTheGregorianCalendarInVietnam() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        var generator = SystemRandomNumberGenerator()
        // 1900 to 2200, with instants at the edges of a Vietnamese day.
        let edges: [TimeInterval] = [-7 * 3600, -7 * 3600 - 1, 17 * 3600 - 1, 17 * 3600, 0, -0.5]
        let instants =
            (0..<4_000).map { _ in Double(Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator)) }
            + edges + edges.map { $0 + 86_400 * 20_000 }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let day = String(format: "%02d/%02d/%04d", c.day!, c.month!, c.year!)
            #expect(DisplayDate.day(date, .vi) == day, "\(seconds)")
            #expect(
                DisplayDate.moment(date, .vi) == day + String(format: " %02d:%02d", c.hour!, c.minute!), "\(seconds)")
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            #expect(DisplayDate.day(date, .en) == "\(c.day!) \(months[c.month! - 1]) \(c.year!)", "\(seconds)")
        }
    }
}
