import CoopCaseDomain
import Foundation

/// Reads a file line by line in 1 MiB chunks. A cursor moves through the buffer; consumed bytes are dropped
/// only when the next chunk is read, so each byte is copied once.
final class LineReader: LineSource {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var cursor = 0
    private var finished = false
    private(set) var number = 0

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    deinit { try? handle.close() }

    func next() throws -> Data? {
        while true {
            if let end = buffer[cursor...].firstIndex(of: 0x0A) {
                let line = Data(buffer[cursor..<end])
                cursor = end + 1
                number += 1
                return line
            }
            if finished {
                guard cursor < buffer.count else { return nil }
                defer { cursor = buffer.count }
                number += 1
                return Data(buffer[cursor...])
            }
            if let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                buffer.removeSubrange(0..<cursor)
                cursor = 0
                buffer.append(contentsOf: chunk)
            } else {
                finished = true
            }
        }
    }
}
