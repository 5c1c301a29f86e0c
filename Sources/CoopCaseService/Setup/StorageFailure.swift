import CoopCaseDomain
internal import CoopCasePostgres
import Foundation
internal import PostgresNIO

/// What a failure of the database means to the one who asked, without naming the driver's types.
public enum StorageFailure: Sendable, Equatable {
    /// PostgreSQL is down, restarting or unreachable: the request may succeed later, and changed nothing.
    case unavailable
    /// Text the database cannot store (bad encoding, too long for its column): the client's input.
    case unstorableText
    /// Any other refusal by the database, with its message.
    case refused(message: String)

    /// How `error` is classified; nil when it did not come from the database.
    public init?(_ error: any Error) {
        // The pool's own error (its circuit breaker has tripped) is not exported by name.
        if String(reflecting: type(of: error)).hasSuffix("ConnectionPoolError") || error is ConnectionClosed {
            self = .unavailable
            return
        }
        guard let psql = error as? PSQLError else { return nil }
        guard let state = psql.serverInfo?[.sqlState] else {
            self = .unavailable
            return
        }
        // Class 08 is a broken connection, 57P0x a server shutting down or starting (e.g. 57P01 when the
        // postmaster dies under a running backend): both pass when PostgreSQL is back.
        if state.hasPrefix("08") || state.hasPrefix("57P") {
            self = .unavailable
        } else if ["22021", "22P05", "22001"].contains(state) {
            self = .unstorableText
        } else {
            self = .refused(message: psql.serverInfo?[.message] ?? "\(psql.code)")
        }
    }
}
