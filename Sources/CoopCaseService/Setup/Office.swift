import Configuration
import CoopCaseDomain

/// The office that receives dossiers and answers cooperatives, as the pages and slips name it: configured per
/// deployment (`office.*`), because the issuing authority, the desk's address and phone and the public address of
/// the lookup page differ from province to province.
public struct Office: Sendable {
    /// The issuing authority, e.g. "Ủy ban nhân dân thành phố Hải Phòng".
    public var authority: LocalizedText
    /// The desk that receives dossiers, e.g. "Bộ phận Một cửa, Sở Tài chính thành phố Hải Phòng".
    public var desk: LocalizedText
    public var address: String
    public var phone: String
    /// Where cooperatives look up their application, printed on receipts: `https://…` without `/tra-cuu`.
    /// Nil only outside production, where the address the request came to stands in.
    public var publicURL: String?

    /// Why a production server refuses to start without an office setting.
    public struct Missing: Error, CustomStringConvertible {
        public let keys: [String]
        public var description: String {
            "production needs \(keys.joined(separator: ", ")) set (the receipt prints them; see docs/configuration.md)"
        }
    }

    public init(authority: LocalizedText, desk: LocalizedText, address: String, phone: String, publicURL: String?) {
        self.authority = authority
        self.desk = desk
        self.address = address
        self.phone = phone
        self.publicURL = publicURL
    }

    public init(reader: ConfigReader) throws {
        func text(_ key: String, vi: String, en: String) -> LocalizedText {
            LocalizedText(
                vi: reader.string(forKey: ConfigKey("office.\(key).vi"), default: vi),
                en: reader.string(forKey: ConfigKey("office.\(key).en"), default: en))
        }
        // The defaults describe the demo, and say so.
        authority = text(
            "authority", vi: "Cơ quan cấp tỉnh (dữ liệu minh hoạ)", en: "Provincial authority (demo data)")
        desk = text(
            "desk", vi: "Bộ phận tiếp nhận và trả kết quả (dữ liệu minh hoạ)",
            en: "Reception and results desk (demo data)")
        address = reader.string(forKey: "office.address", default: "Chưa cấu hình địa chỉ (office.address)")
        phone = reader.string(forKey: "office.phone", default: "Chưa cấu hình số điện thoại (office.phone)")
        publicURL = reader.string(forKey: "office.publicAddress").map { url in
            url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        if reader.string(forKey: "environment", default: "development") == "production" {
            let needed = [
                "office.publicAddress", "office.authority.vi", "office.desk.vi", "office.address", "office.phone",
            ]
            let missing = needed.filter { reader.string(forKey: ConfigKey($0)) == nil }
            if !missing.isEmpty { throw Missing(keys: missing) }
        }
    }

    /// The lookup page's address as a receipt prints it.
    public func lookupAddress(requestAuthority: String?) -> String {
        if let publicURL { return publicURL + "/tra-cuu" }
        return "http://\(requestAuthority ?? "localhost")/tra-cuu"
    }
}
