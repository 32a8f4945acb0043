import MockProvider
import SignalboxCore
import Testing

@Suite struct StopTests {
    /// `stop()` is graceful: idle keep-alive connections and delayed requests do not hold it up
    /// until the cancellation fallback.
    @Test func stopIsPromptWithIdleConnectionsAndDelaysInFlight() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults.chunks = 2
        let server = MockProviderServer(configuration: configuration)
        let port = try await server.start()

        let idle = try await LoopbackHTTPConnection.open(port: port)
        defer { idle.close() }
        try await idle.send("GET", "/v1/models")
        #expect(try await idle.readHead().status == 200)
        _ = try await idle.readBody()

        server.faults.latencyMs = 120_000
        let delayed = try await LoopbackHTTPConnection.open(port: port)
        defer { delayed.close() }
        try await delayed.send("GET", "/v1/models")
        try await server.waitForStats(timeout: .seconds(10)) { $0.modelsRequests == 2 }

        let clock = ContinuousClock()
        let start = clock.now
        await server.stop()
        #expect(clock.now - start < .milliseconds(2_900), "before the 3 s cancellation fallback (generous for a loaded machine)")
        await #expect(throws: LoopbackHTTPConnection.Failure.closedMidMessage) { _ = try await delayed.readHead() }
        await #expect(throws: LoopbackHTTPConnection.Failure.closedMidMessage) { _ = try await idle.readHead() }
        await #expect(throws: (any Error).self) { _ = try await LoopbackHTTPConnection.open(port: port) }
    }
}
