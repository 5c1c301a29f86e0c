import Foundation

/// A stored, signed checkpoint.
public struct StoredCheckpoint: Sendable {
    public var id: Int64
    public var body: CheckpointBody
    public var bodyBytes: Data
    public var signature: Data
    public var publicKey: Data

    public init(id: Int64, body: CheckpointBody, bodyBytes: Data, signature: Data, publicKey: Data) {
        self.id = id
        self.body = body
        self.bodyBytes = bodyBytes
        self.signature = signature
        self.publicKey = publicKey
    }
}
