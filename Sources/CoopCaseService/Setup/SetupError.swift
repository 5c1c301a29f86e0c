import CoopCaseDomain
internal import CoopCasePostgres
import Foundation

/// The database cannot be used as this build needs it: its schema does not match, or the migrations are missing.
public struct SetupError: Error, CustomStringConvertible {
    let message: @Sendable (Language) -> String

    public func text(_ language: Language) -> String { message(language) }
    public var description: String { text(.en) }

    /// Runs `body`, its migration errors said as setup errors.
    static func translating<Result>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as MigrationError {
            throw SetupError(message: { error.text($0) })
        }
    }
}
