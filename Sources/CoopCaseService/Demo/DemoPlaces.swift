import CoopCaseDomain

/// The demo town's communes and wards, and the wards and commune they became on 1 July 2025 when Kinh Môn's
/// district level ended. Names and mergers follow the Standing Committee's 2025 resolution on Hải Dương's
/// commune-level units, as the units are named in later national texts (the 2026 regional minimum-wage list
/// names the six wards and xã Nam An Phụ). The codes are the demo's own, six digits so they cannot collide with the
/// statistics office's five-digit codes: a province imports the official list (`coopcase places import`).
enum DemoPlaces {
    static let basis = "Sắp xếp đơn vị hành chính cấp xã tỉnh Hải Dương năm 2025 (Ủy ban Thường vụ Quốc hội)"
    static let effective = CivilDay(year: 2025, month: 7, day: 1)
    static let lastDay = CivilDay(year: 2025, month: 6, day: 30)

    /// Each unit of 2025 and the old units it joined: (new code, new name, [(old code, old name)]).
    static let mergers: [(code: String, name: String, from: [(code: String, name: String)])] = [
        (
            "900201", "Phường Kinh Môn",
            [("900101", "Phường An Lưu"), ("900102", "Phường Hiệp An"), ("900103", "Phường Long Xuyên")]
        ),
        (
            "900202", "Phường Nguyễn Đại Năng",
            [("900104", "Phường Thái Thịnh"), ("900105", "Phường Hiến Thành"), ("900106", "Xã Minh Hòa")]
        ),
        (
            "900203", "Phường Trần Liễu",
            [("900107", "Phường An Phụ"), ("900108", "Xã Hiệp Hòa"), ("900109", "Xã Thượng Quận")]
        ),
        (
            "900204", "Phường Bắc An Phụ",
            [("900110", "Phường Thất Hùng"), ("900111", "Xã Bạch Đằng"), ("900112", "Xã Lê Ninh")]
        ),
        (
            "900205", "Phường Phạm Sư Mạnh",
            [("900113", "Phường Phạm Thái"), ("900114", "Phường An Sinh"), ("900115", "Phường Hiệp Sơn")]
        ),
        (
            "900206", "Phường Nhị Chiểu",
            [
                ("900116", "Phường Tân Dân"), ("900117", "Phường Minh Tân"), ("900118", "Phường Duy Tân"),
                ("900119", "Phường Phú Thứ"),
            ]
        ),
        (
            "900207", "Xã Nam An Phụ",
            [("900120", "Xã Quang Thành"), ("900121", "Xã Lạc Long"), ("900122", "Xã Thăng Long")]
        ),
    ]

    /// The 22 units the registry recorded before the merger, in the order the demo's cooperatives use them.
    static var old: [AdministrativeUnit] {
        mergers.flatMap { $0.from.map { AdministrativeUnit(code: $0.code, name: $0.name) } }
    }

    static var catalogue: UnitCatalogue {
        UnitCatalogue(
            units: mergers.flatMap { merger in
                [UnitCatalogue.Unit(code: merger.code, level: .commune, name: merger.name)]
                    + merger.from.map { .init(code: $0.code, level: .commune, name: $0.name, validTo: lastDay) }
            },
            successions: mergers.flatMap { merger in
                merger.from.map { .init(from: $0.code, to: merger.code, effective: effective, basis: basis) }
            })
    }
}
