import CoopCaseDomain
import Foundation

/// An application with its chain position and budget slot, as read for an action.
public struct FetchedApplication: Sendable {
    public var application: Application
    public var chainSeq: Int
    public var chainHead: Data
    /// The programme budget slot its money is held in.
    public var ledgerSlot = 0
}
