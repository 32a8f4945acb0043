import Logging
import SignalboxCore
import Upstream

/// A test server and a client pointed at it, torn down after the body runs.
struct UpstreamFixture {
    let server: TestHTTPServer
    let client: CurlUpstreamClient

    static func with<Result>(
        maxHostConnections: Int = 64, _ body: (UpstreamFixture) async throws -> Result
    ) async throws -> Result {
        let server = try await TestHTTPServer.start()
        let client = CurlUpstreamClient(maxHostConnections: maxHostConnections, logger: Logger(label: "upstream-tests"))
        let fixture = UpstreamFixture(server: server, client: client)
        do {
            let result = try await body(fixture)
            client.shutdown()
            try await server.stop()
            return result
        } catch {
            client.shutdown()
            try? await server.stop()
            throw error
        }
    }

    func request(
        _ path: String, method: OutboundRequest.Method = .get, headers: [HTTPField] = [], body: [UInt8] = [],
        timeouts: ProviderTimeouts = ProviderTimeouts()
    ) -> OutboundRequest {
        OutboundRequest(method: method, url: server.url(path), headers: headers, body: body, timeouts: timeouts, httpVersion: .http1)
    }

    /// Runs one request to its end with a fresh `RecordingDelegate`.
    func run(_ request: OutboundRequest) async -> RecordingDelegate.State {
        let delegate = RecordingDelegate()
        _ = client.execute(request, delegate: delegate)
        return await delegate.waitForEnd()
    }
}
