/// The administrative units this build ships for its demo area: the provincial merger of 1 July 2025 that joined
/// Hải Dương to Hải Phòng (Resolution 202/2025/QH15 of the National Assembly, 12 June 2025), and the end of the
/// district level that day (the Law on the Organisation of Local Government, 72/2025/QH15), for the demo's town of
/// Kinh Môn. Communes and wards, and the rest of the country, are imported from a file (`coopcase places import`).
public enum ShippedUnits {
    static let resolution202 =
        "Nghị quyết 202/2025/QH15 ngày 12/6/2025 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh"

    public static let catalogue = UnitCatalogue(
        units: [
            .init(code: "31", level: .province, name: "Thành phố Hải Phòng"),
            .init(
                code: "30", level: .province, name: "Tỉnh Hải Dương", validTo: CivilDay(year: 2025, month: 6, day: 30)),
            .init(
                code: "292", level: .district, name: "Thị xã Kinh Môn", validTo: CivilDay(year: 2025, month: 6, day: 30)
            ),
        ],
        successions: [
            .init(from: "30", to: "31", effective: CivilDay(year: 2025, month: 7, day: 1), basis: resolution202)
        ])
}
