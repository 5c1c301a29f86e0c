import Foundation

/// What `verifyCheckpoints` found.
public struct CheckpointReport: Sendable {
    public var checkpoints: Int
    public var problems: [CheckpointProblem]
    public var latest: StoredCheckpoint?

    public init(checkpoints: Int, problems: [CheckpointProblem], latest: StoredCheckpoint?) {
        self.checkpoints = checkpoints
        self.problems = problems
        self.latest = latest
    }
}
