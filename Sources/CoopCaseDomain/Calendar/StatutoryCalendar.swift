/// The days off the law sets each year: the Labour Code 2019, Article 112 (New Year's Day; five days of Tết; the
/// Hùng Kings' day, 10th of the 3rd lunar month; 30 April and 1 May; 2 September and a day next to it), a day off in
/// lieu for a holiday that falls on a weekend (clause 3), and, for the years whose decisions are published, the
/// Prime Minister's choice of Tết days and the swaps that go with them.
public enum StatutoryCalendar {
    /// The years shipped with the product. Later years are added by an administrator (`coopcase calendar import`).
    public static let shippedYears = 2025...2030

    public static let article112 = "Bộ luật Lao động 2019, Điều 112"
    public static let inLieu = "Bộ luật Lao động 2019, Điều 112, khoản 3 (nghỉ bù)"

    /// The year's entries: the published decisions where this build knows them, else computed from Article 112.
    public static func entries(for year: Int) -> [CalendarEntry] {
        published(year) ?? computed(year)
    }

    /// Article 112 alone: Tết is taken as the last day of the lunar year and the first four of the new one (the
    /// Prime Minister's decision, once published, replaces it), and 2 September is joined by 3 September when it is
    /// a Thursday, by 1 September otherwise.
    public static func computed(_ year: Int) -> [CalendarEntry] {
        var holidays: [(CivilDay, LocalizedText)] = [(day(year, 1, 1), newYear)]
        if let tet = LunarCalendar.civil(LunarCalendar.Day(day: 1, month: 1, year: year)) {
            for offset in -1...3 { holidays.append((CivilDay(julianDay: tet.julianDay + offset), lunarNewYear)) }
        }
        if let hung = LunarCalendar.civil(LunarCalendar.Day(day: 10, month: 3, year: year)) {
            holidays.append((hung, hungKings))
        }
        holidays.append((day(year, 4, 30), reunification))
        holidays.append((day(year, 5, 1), labourDay))
        let national = day(year, 9, 2)
        let adjacent = national.weekday == 3 ? day(year, 9, 3) : day(year, 9, 1)
        holidays += [(national, nationalDay), (adjacent, nationalDay)]
        var entries = holidays.map { CalendarEntry(day: $0.0, kind: .dayOff, name: $0.1, basis: article112) }
        // A holiday on a weekend gives the next working day off.
        var off = Set(holidays.map(\.0))
        for (holiday, name) in holidays.sorted(by: { $0.0 < $1.0 }) where holiday.weekday >= 5 {
            var lieu = holiday.next
            while lieu.weekday >= 5 || off.contains(lieu) { lieu = lieu.next }
            off.insert(lieu)
            entries.append(
                CalendarEntry(
                    day: lieu, kind: .dayOff,
                    name: LocalizedText(vi: "Nghỉ bù \(name.vi)", en: "In lieu of \(name.en)"), basis: inLieu))
        }
        return entries.sorted { $0.day < $1.day }
    }

    /// The decisions published for the civil service, for the years this build knows them.
    static func published(_ year: Int) -> [CalendarEntry]? {
        func off(_ month: Int, _ days: ClosedRange<Int>, _ name: LocalizedText, _ basis: String) -> [CalendarEntry] {
            days.map { CalendarEntry(day: day(year, month, $0), kind: .dayOff, name: name, basis: basis) }
        }
        func worked(_ month: Int, _ day: Int, _ basis: String) -> CalendarEntry {
            CalendarEntry(day: Self.day(year, month, day), kind: .workingDay, name: makeUp, basis: basis)
        }
        var entries: [CalendarEntry] = []
        switch year {
        case 2025:
            let notice = "Thông báo lịch nghỉ lễ, Tết năm 2025 đối với cán bộ, công chức, viên chức"
            entries += off(1, 1...1, newYear, article112)
            entries += off(1, 27...31, lunarNewYear, notice)
            entries += off(4, 7...7, hungKings, article112)
            entries.append(worked(4, 26, notice))
            entries += off(4, 30...30, reunification, article112)
            entries += off(5, 1...1, labourDay, article112)
            entries += off(5, 2...2, swappedDay, notice)
            entries += off(9, 1...2, nationalDay, article112)
        case 2026:
            let newYearSwap = "Công văn 12729/VPCP-KGVX ngày 25/12/2025 (nghỉ Tết Dương lịch 2026)"
            let decision = "Ý kiến Thủ tướng Chính phủ về nghỉ Tết Âm lịch và Quốc khánh năm 2026 (Văn phòng Chính phủ)"
            let hungInLieu = LocalizedText(vi: "Nghỉ bù \(hungKings.vi)", en: "In lieu of \(hungKings.en)")
            entries += off(1, 1...1, newYear, article112)
            entries += off(1, 2...2, swappedDay, newYearSwap)
            entries.append(worked(1, 10, newYearSwap))
            entries += off(2, 16...20, lunarNewYear, decision)
            entries += off(4, 26...26, hungKings, article112)
            entries += off(4, 27...27, hungInLieu, inLieu)
            entries += off(4, 30...30, reunification, article112)
            entries += off(5, 1...1, labourDay, article112)
            entries.append(worked(8, 22, decision))
            entries += off(8, 31...31, swappedDay, decision)
            entries += off(9, 1...2, nationalDay, article112)
        default:
            return nil
        }
        return entries
    }

    static func day(_ year: Int, _ month: Int, _ day: Int) -> CivilDay { CivilDay(year: year, month: month, day: day) }

    static let newYear = LocalizedText(vi: "Tết Dương lịch", en: "New Year's Day")
    static let lunarNewYear = LocalizedText(vi: "Tết Âm lịch", en: "Lunar New Year (Tết)")
    static let hungKings = LocalizedText(vi: "Giỗ Tổ Hùng Vương", en: "Hùng Kings' Commemoration")
    static let reunification = LocalizedText(vi: "Ngày Chiến thắng", en: "Reunification Day")
    static let labourDay = LocalizedText(vi: "Ngày Quốc tế lao động", en: "International Labour Day")
    static let nationalDay = LocalizedText(vi: "Quốc khánh", en: "National Day")
    static let swappedDay = LocalizedText(vi: "Nghỉ hoán đổi", en: "Day off (swapped)")
    static let makeUp = LocalizedText(vi: "Làm bù", en: "Make-up working day")
}
