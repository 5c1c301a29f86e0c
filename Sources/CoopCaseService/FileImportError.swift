import CoopCaseDomain

/// A file with bad lines (a calendar year, administrative units): nothing was imported, and every bad line is named.
public enum FileImportError: Error, Sendable {
    case invalidLines([RegistryCSV.RowError])
}
