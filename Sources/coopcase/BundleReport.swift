import ArgumentParser
import CoopCaseDomain
import CoopCaseService
import Foundation

/// `audit verify --bundle`: the offline check's findings, said as the other commands say things.
enum BundleReport {
    static func print(directory: String, trustedKey: Data?, language: Language) throws {
        let (manifest, found) = try BundleCheck.run(directory: directory, trustedKey: trustedKey) { applications in
            showProgress(say(vi: "đã kiểm \(applications) hồ sơ", en: "checked \(applications) applications"))
        }
        showProgress("", done: false)
        guard let manifest, let verifier = found else {
            printError(BundleVerifier.Problem.manifestUnreadable.text(language))
            throw ExitCode.broken
        }
        let en = language == .en
        if verifier.problems.isEmpty {
            Swift.print(
                en
                    ? "Bundle OK: \(verifier.applications) applications, \(verifier.events) events, every file and chain intact"
                        + (manifest.checkpoint.map { ", checkpoint #\($0.id) signature valid" } ?? ", no checkpoint")
                        + "."
                    : "Gói hợp lệ: \(verifier.applications) hồ sơ, \(verifier.events) sự kiện, mọi tệp và chuỗi nguyên vẹn"
                        + (manifest.checkpoint.map { ", chữ ký điểm kiểm #\($0.id) hợp lệ" } ?? ", chưa có điểm kiểm")
                        + ".")
            return
        }
        for problem in verifier.problems { printError((en ? "BROKEN: " : "HỎNG: ") + problem.text(language)) }
        printError(
            en ? "\(verifier.problems.count) problem(s) in the bundle." : "\(verifier.problems.count) lỗi trong gói.")
        throw ExitCode.broken
    }
}
