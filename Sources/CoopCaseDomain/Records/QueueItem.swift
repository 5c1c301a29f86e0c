import Foundation

/// One row of the officers' queue: the application with the names a person reads beside it.
public struct QueueItem: Sendable {
    public var application: Application
    public var programme: ProgrammeIdentity
    public var programmeName: LocalizedText
    public var cooperative: String
    public var assignee: String?
    /// Where its review clock stands now; nil when it has none.
    public var deadline: Deadline?

    public init(
        application: Application, programme: ProgrammeIdentity, programmeName: LocalizedText, cooperative: String,
        assignee: String?, deadline: Deadline?
    ) {
        self.application = application
        self.programme = programme
        self.programmeName = programmeName
        self.cooperative = cooperative
        self.assignee = assignee
        self.deadline = deadline
    }
}

/// What the queue is asked for: open work by default, or one state; one programme or all; text matched against the
/// reference and the cooperative's name and code, diacritics ignored.
public struct QueueFilter: Sendable, Equatable {
    public var programmeCode: String?
    public var state: ApplicationState?
    public var text: String?

    /// The queue's counts are refreshed in the background once this old (counting a million rows costs more than a
    /// page, so no page waits for it), a programme at a time with this pause between programmes.
    public static let countsFreshness: Duration = .seconds(30)
    public static let countsPause: Duration = .milliseconds(50)
    /// The programmes' names and codes in filters and rows are read again once this old (a programme made through
    /// another server appears in its queue that much later).
    public static let programmesFreshness: Duration = .seconds(30)
    /// A search narrows by at most this many cooperatives' identifiers; broader text is matched row by row.
    public static let searchLimit = 500

    /// States with work left for provincial staff.
    public static let open: [ApplicationState] = ApplicationState.allCases.filter {
        ![.draft, .rejected, .withdrawn, .cancelled, .closed].contains($0)
    }

    public init(programmeCode: String? = nil, state: ApplicationState? = nil, text: String? = nil) {
        self.programmeCode = programmeCode
        self.state = state
        self.text = text
    }
}
