import NIOCore
import SignalboxCore
import Testing
import Upstream

@Suite("Upstream async API", .timeLimit(.minutes(1)))
struct AsyncAPITests {
    @Test func streamsTheBody() async throws {
        try await UpstreamFixture.with { fixture in
            let response = try await fixture.client.execute(fixture.request("/gated/async"))
            #expect(response.head.status == 200)
            var iterator = response.body.makeAsyncIterator()
            let first = try await iterator.next()
            #expect(first.map { String(buffer: $0) } == "first;")

            fixture.server.recorder.openGate("async")
            var rest = ""
            while let part = try await iterator.next() { rest += String(buffer: part) }
            #expect(rest == "second;")
        }
    }

    @Test func largeBodyThroughWatermarks() async throws {
        try await UpstreamFixture.with { fixture in
            let size = 4 * 1024 * 1024
            let response = try await fixture.client.execute(fixture.request("/bytes/\(size)"), lowWatermark: 1, highWatermark: 2)
            let body = try await response.body.collect(upTo: size)
            #expect(Array(body.readableBytesView) == TestPattern.bytes(0..<size))
        }
    }

    @Test func slowConsumerPausesTheTransfer() async throws {
        try await UpstreamFixture.with { fixture in
            let size = 8 * 1024 * 1024
            let response = try await fixture.client.execute(fixture.request("/bytes/\(size)"), lowWatermark: 2, highWatermark: 4)
            var iterator = response.body.makeAsyncIterator()
            var received = try await iterator.next().map { Array($0.readableBytesView) } ?? []
            // Nobody reads: the buffer fills to the high watermark, the transfer pauses, libcurl
            // stops reading and the server's socket backs up.
            await fixture.server.recorder.state.wait { $0.sawUnwritable }
            while let part = try await iterator.next() { received += part.readableBytesView }
            #expect(received.count == size)
            #expect(received == TestPattern.bytes(0..<size))
        }
    }

    @Test func cancellingTheTaskCancelsTheTransfer() async throws {
        try await UpstreamFixture.with { fixture in
            let gotFirstPart = ObservedState(false)
            let request = fixture.request("/gated/task-cancel")
            let client = fixture.client
            let task = Task {
                let response = try await client.execute(request)
                var iterator = response.body.makeAsyncIterator()
                _ = try await iterator.next()
                gotFirstPart.update { $0 = true }
                return try await iterator.next()
            }
            await gotFirstPart.wait { $0 }
            task.cancel()
            await fixture.server.recorder.state.wait { $0.closedConnections == 1 }
            let result = await task.result
            #expect(throws: (any Error).self) { try result.get() }
        }
    }

    @Test func cancellingWhileWaitingForTheHeadThrowsCancelled() async throws {
        try await UpstreamFixture.with { fixture in
            let request = fixture.request("/never")
            let client = fixture.client
            let task = Task { try await client.execute(request) }
            await fixture.server.recorder.state.wait { $0.requests.count == 1 }
            task.cancel()
            await fixture.server.recorder.state.wait { $0.closedConnections == 1 }
            await #expect(throws: UpstreamError(kind: .cancelled, message: "the transfer was cancelled")) { try await task.value }
        }
    }

    @Test func droppingTheIteratorCancelsTheTransfer() async throws {
        try await UpstreamFixture.with { fixture in
            let response = try await fixture.client.execute(fixture.request("/gated/dropped"))
            var parts = 0
            for try await _ in response.body {
                parts += 1
                break
            }
            #expect(parts == 1)
            let closed = await fixture.server.recorder.state.wait { $0.closedConnections == 1 }
            #expect(closed.openConnections == 0)
        }
    }

    @Test func failureThrowsUpstreamError() async throws {
        let port = LoopbackPorts.unused()
        try await UpstreamFixture.with { fixture in
            let request = OutboundRequest(method: .get, url: "http://127.0.0.1:\(port)/")
            do {
                _ = try await fixture.client.execute(request)
                Issue.record("expected a connect failure")
            } catch let error as UpstreamError {
                #expect(error.kind == .connect)
            }
        }
    }
}
