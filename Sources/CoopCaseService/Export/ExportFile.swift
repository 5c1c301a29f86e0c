import CoopCaseDomain
import Crypto
import Foundation

/// Writes one file while hashing and counting it; rows go straight to disk.
final class ExportFile {
    let name: String
    private let handle: FileHandle
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    private(set) var rows = 0
    private(set) var bytes: Int64 = 0

    init(directory: URL, name: String) throws {
        self.name = name
        let url = directory.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
        }
        handle = try FileHandle(forWritingTo: url)
    }

    /// Writes one line, newline included.
    func write(line: [UInt8], isRow: Bool = true) throws {
        buffer.append(contentsOf: line)
        if isRow { rows += 1 }
        try flushWhenFull()
    }

    /// Writes one record as a JSON line, straight into the file's buffer.
    func write(json record: some JSONLineRecord) throws {
        JSONObjectWriter.append(record, to: &buffer)
        rows += 1
        try flushWhenFull()
    }

    /// Writes one record as a CSV line, straight into the file's buffer.
    func write(csv record: some CSVLineRecord) throws {
        CSVLineWriter.append(record, to: &buffer)
        rows += 1
        try flushWhenFull()
    }

    private func flushWhenFull() throws {
        if buffer.count > 256 * 1024 { try flush() }
    }

    private func flush() throws {
        hasher.update(data: buffer)
        bytes += Int64(buffer.count)
        try buffer.withUnsafeBytes { try handle.write(contentsOf: $0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Closes `files`, each entry under its file's name.
    static func close(_ files: [ExportFile]) throws -> [String: ExportManifest.FileEntry] {
        var entries: [String: ExportManifest.FileEntry] = [:]
        for file in files { entries[file.name] = try file.close() }
        return entries
    }

    func close() throws -> ExportManifest.FileEntry {
        try flush()
        try handle.close()
        return ExportManifest.FileEntry(sha256: AuditCheckpoint.hex(Data(hasher.finalize())), rows: rows, bytes: bytes)
    }
}
