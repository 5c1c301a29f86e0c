import CoopCaseDomain
import Foundation

/// An application with its chain position and budget slot, as read for an action.
struct FetchedApplication {
    var application: Application
    var chainSeq: Int
    var chainHead: Data
    /// The programme budget slot its money is held in.
    var ledgerSlot = 0
}
