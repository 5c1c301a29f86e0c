import Testing

@testable import CoopCaseAPI

/// A streamed body's producer lives as long as someone reads it: a reader that stops (a client gone mid-download)
/// ends the producer, which would otherwise wait forever holding its database connection.
@Suite(.timeLimit(.minutes(5))) struct BoundStreamTests {
    @Test func aReaderThatStopsEndsTheProducer() async throws {
        let stream = BoundStream { channel in
            var part = 0
            while !Task.isCancelled {
                part += 1
                await channel.send([UInt8(part % 256)][...])
            }
            channel.finish()
        }
        var iterator: BoundStream.Iterator? = stream.makeAsyncIterator()
        #expect(try await iterator?.next() == [1][...])
        #expect(try await iterator?.next() == [2][...])
        iterator = nil
        // Returns only once the producer has stopped; without the binding it would wait for ever.
        await stream.producerEnded()
    }

    @Test func aCancelledReaderEndsTheProducer() async throws {
        let stream = BoundStream { channel in
            while !Task.isCancelled { await channel.send([0][...]) }
        }
        let reader = Task {
            var parts = 0
            for try await _ in stream { parts += 1 }
            return parts
        }
        try await Task.sleep(for: .milliseconds(50))
        reader.cancel()
        _ = try? await reader.value
        await stream.producerEnded()
    }

    @Test func aReaderToTheEndGetsEveryPart() async throws {
        let stream = BoundStream { channel in
            for part in 0..<1000 { await channel.send([UInt8(part % 256)][...]) }
            channel.finish()
        }
        var count = 0
        for try await part in stream {
            #expect(part == [UInt8(count % 256)][...])
            count += 1
        }
        #expect(count == 1000)
        await stream.producerEnded()
    }
}
