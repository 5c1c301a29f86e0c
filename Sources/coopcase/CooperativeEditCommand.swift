import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation

extension CooperativeCommand {
    struct Edit: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Sửa một hợp tác xã (cán bộ, quản trị): chỉ các trường được nêu; mọi thay đổi được ghi vào lịch sử.",
            en: "Edit a cooperative (officers, admin): only the fields given; every change goes into its history.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Mã số thuế.", en: "Tax code.")) var code: String
        @Option(
            help: help(
                vi: "Chỉ sửa nếu phiên bản vẫn là N (không ai sửa trước).",
                en: "Only edit if the version is still N (no one edited it first)."))
        var ifVersion: Int?
        @Option(help: help(vi: "Tên mới.", en: "New name.")) var name: String?
        @Option(help: help(vi: "Ngành nghề.", en: "Sector.")) var sector: String?
        @Option(help: help(vi: "Địa chỉ (số nhà, đường, thôn).", en: "Street address.")) var street: String?
        @Option(help: help(vi: "Phường, xã dạng MÃ:TÊN.", en: "Ward or commune as CODE:NAME.")) var ward: String?
        @Option(help: help(vi: "Tỉnh, thành phố dạng MÃ:TÊN.", en: "Province as CODE:NAME.")) var province: String?
        @Flag(help: help(vi: "Bỏ cấp huyện khỏi địa chỉ.", en: "Drop the district from the address."))
        var noDistrict = false
        @Option(help: help(vi: "Số thành viên.", en: "Members.")) var members: Int?
        @Option(help: help(vi: "Số lao động.", en: "Workers.")) var workers: Int?
        @Option(help: help(vi: "Doanh thu năm (đồng).", en: "Annual revenue in VND.")) var revenue: Int64?
        @Option(help: help(vi: "Người liên hệ.", en: "Contact person.")) var contact: String?
        @Option(help: help(vi: "Số điện thoại liên hệ.", en: "Contact phone.")) var phone: String?

        func validate() throws {
            for (text, field) in [(ward, "ward"), (province, "province")] {
                if let text, Self.unit(text) == nil {
                    throw ValidationError(
                        say(vi: "--\(field) phải có dạng MÃ:TÊN.", en: "--\(field) must be CODE:NAME."))
                }
            }
        }

        static func unit(_ text: String) -> AdministrativeUnit? {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            return parts.count == 2 ? AdministrativeUnit(code: parts[0], name: parts[1]) : nil
        }

        func run() async throws {
            let settings = try await Settings.load(options)
            let updated = try await withDatabase(settings) { service in
                let actor = try await requireActor(settings, service)
                var edited = try await service.cooperatives.find(code: code, by: actor)
                let read = edited.version
                if let name { edited.name = name }
                if let sector { edited.sector = sector }
                if let street { edited.address.street = street }
                if let ward = ward.flatMap(Self.unit) { edited.address.ward = ward }
                if let province = province.flatMap(Self.unit) { edited.address.province = province }
                if noDistrict { edited.address.district = nil }
                if let members { edited.members = members }
                if let workers { edited.workers = workers }
                if let revenue { edited.annualRevenue = revenue }
                if let contact { edited.contact.person = contact }
                if let phone { edited.contact.phone = phone }
                return try await service.cooperatives.update(
                    id: edited.id, to: edited, expectedVersion: ifVersion ?? read, by: actor)
            }
            if settings.json { return try printJSON(updated) }
            print(
                say(
                    vi: "Đã lưu \(updated.code) (phiên bản \(updated.version)).",
                    en: "Saved \(updated.code) (version \(updated.version))."))
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = coopcase.configuration(
            vi: "Lịch sử sửa đổi của một hợp tác xã: ai, lúc nào, trường nào từ gì thành gì.",
            en: "A cooperative's edits: who, when, which field from what to what.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: help(vi: "Mã số thuế.", en: "Tax code.")) var code: String

        func run() async throws {
            let settings = try await Settings.load(options)
            let history = try await withDatabase(settings) { service in
                let actor = try await requireActor(settings, service)
                let cooperative = try await service.cooperatives.find(code: code, by: actor)
                return try await service.cooperatives.history(id: cooperative.id, by: actor)
            }
            if settings.json { return try printJSON(history) }
            guard !history.isEmpty else {
                return print(say(vi: "Chưa sửa lần nào.", en: "Never edited."))
            }
            var table = Table(
                headers: [
                    say(vi: "lúc", en: "at"), say(vi: "người", en: "by"), say(vi: "phiên bản", en: "version"),
                    say(vi: "trường", en: "field"), say(vi: "từ", en: "from"), say(vi: "thành", en: "to"),
                ])
            for change in history {
                for field in change.changes {
                    table.rows.append([
                        moment(change.at), change.username, String(change.version),
                        FieldLabel.text(field.field, CLILanguage.current), field.from ?? "—", field.to ?? "—",
                    ])
                }
            }
            print(table.render())
        }
    }
}
