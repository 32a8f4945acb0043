import Glibc
import Logging
import SignalboxCore
import Testing
import Upstream

@Suite("Upstream failures and cancellation", .timeLimit(.minutes(1)))
struct FailureTests {
    @Test func connectionRefusedIsConnect() async throws {
        try await UpstreamFixture.with { fixture in
            let port = LoopbackPorts.unused()
            let request = OutboundRequest(
                method: .post, url: "http://127.0.0.1:\(port)/v1?key=query-secret-123",
                headers: [HTTPField("Authorization", "Bearer header-secret-456")], body: [1, 2, 3], httpVersion: .http1)
            let delegate = RecordingDelegate()
            _ = fixture.client.execute(request, delegate: delegate)
            let result = await delegate.waitForEnd()
            let error = try #require(result.failures.first)
            #expect(result.failures.count == 1)
            #expect(error.kind == .connect)
            #expect(!error.isTimeout)
            #expect(!error.message.isEmpty)
            #expect(!error.message.contains("query-secret-123"))
            #expect(!error.message.contains("header-secret-456"))
            #expect(result.heads.isEmpty)
        }
    }

    @Test func connectTimeout() async throws {
        let (port, descriptors) = LoopbackPorts.saturatedListener()
        defer { for fd in descriptors { close(fd) } }
        try await UpstreamFixture.with { fixture in
            let request = OutboundRequest(
                method: .get, url: "http://127.0.0.1:\(port)/",
                timeouts: ProviderTimeouts(connectMs: 300, firstByteMs: 30_000, idleMs: 30_000, totalMs: 30_000), httpVersion: .http1)
            let delegate = RecordingDelegate()
            _ = fixture.client.execute(request, delegate: delegate)
            let result = await delegate.waitForEnd()
            #expect(result.failures.map(\.kind) == [.connectTimeout])
        }
    }

    @Test func firstByteTimeout() async throws {
        try await UpstreamFixture.with { fixture in
            let timeouts = ProviderTimeouts(connectMs: 5_000, firstByteMs: 300, idleMs: 30_000, totalMs: 30_000)
            let result = await fixture.run(fixture.request("/never", timeouts: timeouts))
            #expect(result.failures.map(\.kind) == [.firstByteTimeout])
            #expect(result.failures.first?.isTimeout == true)
            #expect(result.heads.isEmpty)
            #expect(fixture.server.state.requests.count == 1)
        }
    }

    @Test func idleTimeout() async throws {
        try await UpstreamFixture.with { fixture in
            let timeouts = ProviderTimeouts(connectMs: 5_000, firstByteMs: 30_000, idleMs: 300, totalMs: 30_000)
            let result = await fixture.run(fixture.request("/stall", timeouts: timeouts))
            #expect(result.failures.map(\.kind) == [.idleTimeout])
            #expect(result.heads.first?.status == 200)
            #expect(result.bodyString == "partial")
        }
    }

    @Test func totalTimeout() async throws {
        try await UpstreamFixture.with { fixture in
            // Data keeps flowing (no idle timeout), but the whole exchange takes too long.
            let timeouts = ProviderTimeouts(connectMs: 5_000, firstByteMs: 30_000, idleMs: 10_000, totalMs: 600)
            let result = await fixture.run(fixture.request("/trickle/20", timeouts: timeouts))
            #expect(result.failures.map(\.kind) == [.totalTimeout])
            #expect(result.heads.first?.status == 200)
            #expect(result.body.count > 1)
        }
    }

    @Test func cancelMidStreamClosesTheConnectionAndReportsCancelledOnce() async throws {
        try await UpstreamFixture.with { fixture in
            let delegate = RecordingDelegate()
            let transfer = fixture.client.execute(fixture.request("/gated/never-opened"), delegate: delegate)
            await delegate.state.wait { !$0.body.isEmpty }

            transfer.cancel()
            await fixture.server.recorder.state.wait { $0.closedConnections == 1 }
            let result = await delegate.waitForEnd()
            transfer.cancel()

            // Barrier: the loop handles commands in order, so once this later transfer ends the
            // second cancel has been processed too.
            _ = await fixture.run(fixture.request("/echo"))
            let final = delegate.state.value
            #expect(final.failures.map(\.kind) == [.cancelled])
            #expect(final.finished.isEmpty)
            #expect(final.violations.isEmpty)
            #expect(result.bodyString == "first;")
        }
    }

    @Test func cancelFromInsideACallbackStopsDelivery() async throws {
        try await UpstreamFixture.with { fixture in
            let handle = ObservedState<(any UpstreamTransfer)?>(nil)
            let delegate = RecordingDelegate { _ in
                handle.value?.cancel()
                return .proceed
            }
            let transfer = fixture.client.execute(fixture.request("/held/inside"), delegate: delegate)
            handle.update { $0 = transfer }
            fixture.server.recorder.openGate("inside")

            let result = await delegate.waitForEnd()
            #expect(result.failures.map(\.kind) == [.cancelled])
            #expect(result.bodyString == "first;")
            #expect(result.violations.isEmpty)
            await fixture.server.recorder.state.wait { $0.closedConnections == 1 }
        }
    }

    @Test func cancelBeforeStartNeverReachesTheServer() async throws {
        try await UpstreamFixture.with { fixture in
            let delegate = RecordingDelegate()
            let transfer = fixture.client.execute(fixture.request("/echo"), delegate: delegate)
            transfer.cancel()
            let result = await delegate.waitForEnd()
            #expect(result.failures.map(\.kind) == [.cancelled])
            #expect(result.heads.isEmpty)
            _ = await fixture.run(fixture.request("/echo"))
            #expect(fixture.server.state.requests.count == 1)
        }
    }

    @Test func cancelAfterFinishIsANoOp() async throws {
        try await UpstreamFixture.with { fixture in
            let delegate = RecordingDelegate()
            let transfer = fixture.client.execute(fixture.request("/echo", method: .post, body: [1]), delegate: delegate)
            await delegate.waitForEnd()
            transfer.cancel()
            transfer.resume()
            _ = await fixture.run(fixture.request("/echo"))
            let result = delegate.state.value
            #expect(result.finished.count == 1)
            #expect(result.failures.isEmpty)
            #expect(result.violations.isEmpty)
        }
    }

    @Test func shutdownCancelsEverythingInFlight() async throws {
        let server = try await TestHTTPServer.start()
        let client = CurlUpstreamClient(logger: .init(label: "upstream-tests"))
        let delegates = (0..<3).map { _ in RecordingDelegate() }
        for delegate in delegates {
            _ = client.execute(
                OutboundRequest(method: .get, url: server.url("/never"), httpVersion: .http1), delegate: delegate)
        }
        await server.recorder.state.wait { $0.requests.count == 3 }

        client.shutdown()
        for delegate in delegates {
            let result = delegate.state.value
            // shutdown() returned after the loop thread exited: every terminal call has happened.
            #expect(result.failures.map(\.kind) == [.cancelled])
            #expect(result.violations.isEmpty)
        }
        await server.recorder.state.wait { $0.closedConnections == 3 }

        let late = RecordingDelegate()
        _ = client.execute(OutboundRequest(method: .get, url: server.url("/echo")), delegate: late)
        #expect(late.state.value.failures.map(\.kind) == [.cancelled])
        client.shutdown()
        try await server.stop()
    }
}
