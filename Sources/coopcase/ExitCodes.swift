import ArgumentParser

/// Every exit code a command ends with, named once (sysexits.h's where one fits). docs/cli.md lists them.
extension ExitCode {
    /// `audit verify` found a broken chain, checkpoint or bundle file.
    static let broken = ExitCode(1)
    /// A rule refused the action (the rule is named on stderr).
    static let refused = ExitCode(2)
    /// The database could not be reached or refused a statement.
    static let database = ExitCode(3)
    /// Migrations are missing, changed or unknown.
    static let migrations = ExitCode(4)
    /// The command was called wrongly (EX_USAGE).
    static let usage = ExitCode(64)
    /// A file or row was not what it should be; for an import, some rows were refused (EX_DATAERR).
    static let dataError = ExitCode(65)
    /// A file could not be read (EX_NOINPUT).
    static let noInput = ExitCode(66)
    /// A file could not be written, or would overwrite one (EX_CANTCREAT).
    static let cannotCreate = ExitCode(73)
}
