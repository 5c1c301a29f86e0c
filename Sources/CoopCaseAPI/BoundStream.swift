import AsyncAlgorithms

/// A response body written by a task of its own, bound to the response that reads it: when the response stops
/// reading — the client went away, the connection closed, the request was cancelled — the task is cancelled too, so
/// it gives its database connection back instead of waiting forever to hand on its next part.
struct BoundStream: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>
    typealias Channel = AsyncThrowingChannel<Element, any Error>

    private let channel: Channel
    private let producer: Task<Void, Never>

    /// Starts `produce`, which sends the body's parts to the channel it is given and finishes or fails it.
    init(_ produce: @escaping @Sendable (Channel) async -> Void) {
        let channel = Channel()
        self.channel = channel
        producer = Task { await produce(channel) }
    }

    /// Waits for the producing task to end (tests).
    func producerEnded() async { await producer.value }

    final class Iterator: AsyncIteratorProtocol {
        private var base: Channel.AsyncIterator
        private let producer: Task<Void, Never>

        init(base: Channel.AsyncIterator, producer: Task<Void, Never>) {
            self.base = base
            self.producer = producer
        }

        // The reader is gone: nothing will take the next part.
        deinit { producer.cancel() }

        func next() async throws -> Element? {
            try await withTaskCancellationHandler {
                try await base.next()
            } onCancel: { [producer] in
                producer.cancel()
            }
        }
    }

    func makeAsyncIterator() -> Iterator { Iterator(base: channel.makeAsyncIterator(), producer: producer) }
}
