import SignalboxCore
import Testing
import Upstream

@Suite("Upstream flow control and connections", .timeLimit(.minutes(1)))
struct FlowTests {
    @Test func pauseAndResumeDeliverEveryByteOnceInOrder() async throws {
        try await UpstreamFixture.with { fixture in
            let size = 8 * 1024 * 1024
            // Pause after the first part and then after every 7th.
            let delegate = RecordingDelegate { index in index % 7 == 0 ? .pause : .proceed }
            let transfer = fixture.client.execute(fixture.request("/bytes/\(size)"), delegate: delegate)

            var resumes = 0
            while true {
                let state = await delegate.state.wait { $0.paused || $0.isTerminated }
                if state.isTerminated { break }
                if resumes == 0 {
                    // Backpressure is real: while paused, libcurl stops reading and the server's
                    // socket buffers fill up.
                    await fixture.server.recorder.state.wait { $0.sawUnwritable }
                    #expect(delegate.state.value.body.count < size)
                }
                delegate.markResumed()
                transfer.resume()
                resumes += 1
            }

            let result = delegate.state.value
            #expect(result.violations.isEmpty)
            #expect(result.failures.isEmpty)
            #expect(result.finished.count == 1)
            #expect(result.pauseCount > 1)
            #expect(result.body.count == size)
            #expect(result.body == TestPattern.bytes(0..<size))
        }
    }

    @Test func hostConnectionCapIsRespected() async throws {
        try await UpstreamFixture.with(maxHostConnections: 2) { fixture in
            let delegates = (0..<10).map { _ in RecordingDelegate() }
            for delegate in delegates {
                _ = fixture.client.execute(fixture.request("/delay/100"), delegate: delegate)
            }
            for delegate in delegates {
                let result = await delegate.waitForEnd()
                #expect(result.heads.first?.status == 200)
                #expect(result.bodyString == "delayed")
            }
            let server = fixture.server.state
            #expect(server.requests.count == 10)
            #expect(server.maxOpenConnections <= 2)
            #expect(server.acceptedConnections <= 2)
        }
    }

    @Test func twoHundredConcurrentTransfersComplete() async throws {
        try await UpstreamFixture.with { fixture in
            let delegates = (0..<200).map { _ in RecordingDelegate() }
            for (index, delegate) in delegates.enumerated() {
                let body = Array("request-\(index)".utf8)
                _ = fixture.client.execute(fixture.request("/echo", method: .post, body: body), delegate: delegate)
            }
            for (index, delegate) in delegates.enumerated() {
                let result = await delegate.waitForEnd()
                #expect(result.finished.count == 1)
                #expect(result.bodyString == "request-\(index)")
                #expect(result.violations.isEmpty)
            }
            #expect(fixture.server.state.requests.count == 200)
            #expect(fixture.server.state.maxOpenConnections <= 64)
        }
    }

    @Test func keepAliveConnectionIsReused() async throws {
        try await UpstreamFixture.with { fixture in
            let first = await fixture.run(fixture.request("/echo", method: .post, body: Array("one".utf8)))
            let second = await fixture.run(fixture.request("/echo", method: .post, body: Array("two".utf8)))
            let firstTimings = try #require(first.finished.first)
            let secondTimings = try #require(second.finished.first)

            #expect(!firstTimings.reusedConnection)
            #expect(firstTimings.connect > 0)
            #expect(secondTimings.reusedConnection)
            #expect(secondTimings.connect == 0)
            #expect(secondTimings.firstByte > 0)
            #expect(fixture.server.state.acceptedConnections == 1)
            #expect(second.bodyString == "two")
        }
    }
}
