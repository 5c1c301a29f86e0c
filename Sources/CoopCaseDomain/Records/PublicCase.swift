import Foundation

/// What the public status lookup shows: the application, its programme, and when it entered each state.
public struct PublicCase: Sendable {
    public var application: Application
    public var programme: Programme
    public var history: [(Date, ApplicationState)]

    public init(application: Application, programme: Programme, history: [(Date, ApplicationState)]) {
        self.application = application
        self.programme = programme
        self.history = history
    }
}
