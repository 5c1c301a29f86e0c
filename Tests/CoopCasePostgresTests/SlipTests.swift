import CoopCaseDomain
import CoopCasePostgres
import CoopCaseService
import CoopCaseTestSupport
import Foundation
import Synchronization
import Testing

/// The one-stop slips, word for word, on a fixed calendar day: a dossier received at the desk on Wednesday
/// 4 March 2026 at 08:30, reviewed, asked to supplement, late, and given a new date with an apology.
@Suite struct SlipTests {
    static func at(_ y: Int, _ m: Int, _ d: Int, _ hour: Int, _ minute: Int = 0) -> Date {
        StatutoryClock.midnight(of: CivilDay(year: y, month: m, day: d))
            .addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    static let office = Office(
        authority: LocalizedText(vi: "Ủy ban nhân dân thành phố Hải Phòng", en: "Hai Phong People's Committee"),
        desk: LocalizedText(vi: "Bộ phận Một cửa Sở Tài chính", en: "One-stop desk"),
        address: "Số 1 Đinh Tiên Hoàng, Hải Phòng", phone: "0225 3000 000", publicURL: "https://hotro.example.vn")

    @Test func eachSlipSaysWhatTheFormSaysWithTheCasesOwnFacts() async throws {
        let now = Mutex(Self.at(2026, 3, 4, 8, 30))
        try await TestDatabase.with(clock: { now.withLock { $0 } }) { test in
            let world = try await World.make(test, now: Self.at(2026, 3, 4, 8), reviewDays: 10)
            let (desk, reviewer) = (world.cast.officer, world.cast.officer2)
            var application = try await world.applications.create(
                programmeCode: world.programme.code, cooperativeId: world.cooperative.id,
                request: ApplicationRequest(amount: 25_000_000, purpose: "Mua máy tính"), by: desk, channel: .web
            ).0
            let receipt = CounterReceipt(
                representative: "Nguyễn Văn Bình", identityPaper: .citizenIdentityCard,
                papers: ["Đơn đề nghị hỗ trợ", "Báo giá thiết bị"])
            application = try await world.applications.perform(
                .submit, on: application.reference.value, input: ActionInput(counter: receipt), expectedVersion: 1,
                by: desk, channel: .web)
            let ref = application.reference.value
            let cooperative = world.cooperative
            func text(_ kind: Slip.Kind) async throws -> String {
                try await test.service.slips.slip(kind, reference: ref, issuer: Self.office, by: desk).text
                    .replacingOccurrences(of: cooperative.name, with: "{HTX}")
                    .replacingOccurrences(of: cooperative.code.value, with: "{MST}")
                    .replacingOccurrences(of: ref, with: "{MA}")
            }
            let head = """
                ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG
                BỘ PHẬN MỘT CỬA SỞ TÀI CHÍNH
                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                Độc lập - Tự do - Hạnh phúc
                """
            #expect(
                try await text(.receipt) == """
                    \(head)
                    Số: {MA}/TNHS
                    Ngày 04 tháng 03 năm 2026

                    GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ

                    Mã hồ sơ: {MA}
                    Bộ phận Một cửa Sở Tài chính đã tiếp nhận hồ sơ của: {HTX} (mã số {MST})
                    Người nộp: Nguyễn Văn Bình (giấy tờ tùy thân: Thẻ căn cước / căn cước công dân)
                    Địa chỉ: \(cooperative.address.street), Phường An Lưu, Thị xã Kinh Môn, Tỉnh Hải Dương
                    Số điện thoại: —
                    Nội dung yêu cầu giải quyết: \(world.programme.name.vi) — mức đề nghị 25.000.000 ₫
                    1. Thành phần hồ sơ nộp gồm:
                    1. Đơn đề nghị hỗ trợ
                    2. Báo giá thiết bị
                    2. Số lượng hồ sơ: 01 bộ
                    3. Thời gian giải quyết hồ sơ theo quy định: 10 ngày làm việc
                    4. Thời gian nhận hồ sơ: 08 giờ 30 phút, ngày 04 tháng 03 năm 2026
                    5. Thời gian trả kết quả giải quyết hồ sơ: ngày 18 tháng 03 năm 2026
                    6. Đăng ký nhận kết quả tại: Bộ phận Một cửa Sở Tài chính, Số 1 Đinh Tiên Hoàng, Hải Phòng
                    Tra cứu tình trạng hồ sơ bằng mã hồ sơ và mã tra cứu tại https://hotro.example.vn/tra-cuu.

                    NGƯỜI NỘP HỒ SƠ: Nguyễn Văn Bình
                    NGƯỜI TIẾP NHẬN HỒ SƠ: officer
                    """)
            await #expect(throws: DomainError.self) { _ = try await text(.supplement) }
            await #expect(throws: DomainError.self) { _ = try await text(.apology) }

            now.withLock { $0 = Self.at(2026, 3, 5, 9) }
            application = try await world.act(.startReview, application, by: reviewer)
            application = try await world.applications.perform(
                .requestInfo, on: ref,
                input: ActionInput(
                    message: "Báo giá có đóng dấu của nhà cung cấp\nBản sao giấy chứng nhận đăng ký HTX"),
                expectedVersion: application.version, by: reviewer, channel: .web)
            #expect(
                try await text(.supplement) == """
                    \(head)
                    Số: {MA}/YCBS
                    Ngày 05 tháng 03 năm 2026

                    PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ

                    Hồ sơ của: {HTX} (mã số {MST})
                    Mã hồ sơ: {MA}
                    Nội dung yêu cầu giải quyết: \(world.programme.name.vi) — mức đề nghị 25.000.000 ₫
                    Địa chỉ: \(cooperative.address.street), Phường An Lưu, Thị xã Kinh Môn, Tỉnh Hải Dương
                    Số điện thoại: —
                    Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:
                    1. Báo giá có đóng dấu của nhà cung cấp
                    2. Bản sao giấy chứng nhận đăng ký HTX
                    Ngày yêu cầu: ngày 05 tháng 03 năm 2026.
                    Thời hạn giải quyết tạm dừng từ ngày yêu cầu và tiếp tục khi hồ sơ được bổ sung.
                    Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, xin liên hệ Bộ phận Một cửa Sở Tài chính, số điện thoại 0225 3000 000, để được hướng dẫn.

                    NGƯỜI HƯỚNG DẪN: officer2
                    """)

            // Supplemented the same day; then the review runs past its due day.
            application = try await world.applications.perform(
                .resubmit, on: ref,
                input: ActionInput(
                    counter: CounterReceipt(
                        representative: "Nguyễn Văn Bình", identityPaper: .citizenIdentityCard,
                        papers: ["Báo giá có dấu"])),
                expectedVersion: application.version, by: desk, channel: .web)
            now.withLock { $0 = Self.at(2026, 3, 20, 10) }
            await #expect(throws: DomainError.validation(field: "promisedOn", reason: .notAWorkingDay)) {
                try await world.applications.perform(
                    .reschedule, on: ref,
                    input: ActionInput(reason: "Chờ ý kiến", promisedOn: CivilDay(year: 2026, month: 3, day: 21)),
                    expectedVersion: application.version, by: reviewer, channel: .web)
            }
            application = try await world.applications.perform(
                .reschedule, on: ref,
                input: ActionInput(
                    reason: "Chờ ý kiến thẩm định giá của Sở Tài chính",
                    promisedOn: CivilDay(year: 2026, month: 3, day: 25)),
                expectedVersion: application.version, by: reviewer, channel: .web)
            #expect(
                try await text(.apology) == """
                    \(head)
                    Số: {MA}/XL
                    Ngày 20 tháng 03 năm 2026

                    PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ

                    Kính gửi: {HTX}
                    Ngày 04 tháng 03 năm 2026, Bộ phận Một cửa Sở Tài chính tiếp nhận hồ sơ đề nghị: \(world.programme.name.vi) — mức đề nghị 25.000.000 ₫. Mã hồ sơ: {MA}.
                    Thời hạn trả kết quả giải quyết hồ sơ: ngày 18 tháng 03 năm 2026.
                    Tuy nhiên đến nay, cơ quan chưa trả kết quả giải quyết hồ sơ của quý hợp tác xã.
                    Lý do: Chờ ý kiến thẩm định giá của Sở Tài chính
                    Sự chậm trễ này đã gây phiền hà cho quý hợp tác xã. Ủy ban nhân dân thành phố Hải Phòng xin lỗi và sẽ trả kết quả giải quyết hồ sơ vào ngày 25 tháng 03 năm 2026.
                    Rất mong nhận được sự thông cảm của quý hợp tác xã.

                    THỦ TRƯỞNG CƠ QUAN: 
                    """)
            let html = SlipHTML.render(
                try await test.service.slips.slip(.apology, reference: ref, issuer: Self.office, by: desk),
                style: .inline)
            #expect(html.contains("@page { size: A5 portrait") && html.contains("<html lang=\"vi\">"))
            await #expect(throws: DomainError.self) {
                _ = try await test.service.slips.slip(
                    .receipt, reference: ref, issuer: Self.office, by: world.cast.applicant)
            }
        }
    }
}
