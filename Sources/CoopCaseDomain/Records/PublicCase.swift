import Foundation

/// What the public status lookup shows: the application, its programme, and when it entered each state.
public struct PublicCase: Sendable {
    public var application: Application
    public var programme: Programme
    public var history: [(Date, ApplicationState)]
    /// Where the review clock stands, on the working calendar.
    public var deadline: Deadline?

    public init(
        application: Application, programme: Programme, history: [(Date, ApplicationState)], deadline: Deadline? = nil
    ) {
        self.application = application
        self.programme = programme
        self.history = history
        self.deadline = deadline
    }
}
