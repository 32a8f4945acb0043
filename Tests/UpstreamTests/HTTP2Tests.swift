import Logging
import NIOCore
import SignalboxCore
import Testing
import Upstream

@Suite("Upstream over HTTP/2 (h2c prior knowledge, nginx)", .timeLimit(.minutes(1)), .enabled(if: NginxProcess.isAvailable))
struct HTTP2Tests {
    private func withNginx(maxHostConnections: Int = 8, _ body: (NginxProcess, CurlUpstreamClient) async throws -> Void) async throws {
        let nginx = try NginxProcess.start(largeBodySize: 2 * 1024 * 1024)
        let client = CurlUpstreamClient(maxHostConnections: maxHostConnections, logger: Logger(label: "upstream-h2-tests"))
        defer {
            client.shutdown()
            nginx.stop()
        }
        try await body(nginx, client)
    }

    @Test func getOverHTTP2() async throws {
        try await withNginx { nginx, client in
            let response = try await client.execute(OutboundRequest(method: .get, url: nginx.url("/hello"), httpVersion: .http2))
            #expect(response.head.status == 200)
            #expect(response.head.httpVersion == "2")
            #expect(response.head.headers.first("server")?.hasPrefix("nginx") == true)
            let body = try await response.body.collect(upTo: 1024)
            #expect(String(buffer: body) == "hello over h2")
        }
    }

    /// libcurl 7.88 cannot reuse an h2c prior-knowledge connection (curl #10634), so the client
    /// gives each such transfer its own connection; concurrent streams must all still succeed.
    @Test func concurrentStreamsAllComplete() async throws {
        try await withNginx(maxHostConnections: 4) { nginx, client in
            let delegates = (0..<20).map { _ in RecordingDelegate() }
            for delegate in delegates {
                _ = client.execute(OutboundRequest(method: .get, url: nginx.url("/hello"), httpVersion: .http2), delegate: delegate)
            }
            for delegate in delegates {
                let result = await delegate.waitForEnd()
                #expect(result.failures.isEmpty, "\(result.failures)")
                #expect(result.heads.first?.httpVersion == "2")
                #expect(result.bodyString == "hello over h2")
            }
        }
    }

    @Test func pauseAndResumeOverHTTP2() async throws {
        try await withNginx { nginx, client in
            let delegate = RecordingDelegate { index in index % 5 == 0 ? .pause : .proceed }
            let transfer = client.execute(OutboundRequest(method: .get, url: nginx.url("/bytes"), httpVersion: .http2), delegate: delegate)
            while true {
                let state = await delegate.state.wait { $0.paused || $0.isTerminated }
                if state.isTerminated { break }
                delegate.markResumed()
                transfer.resume()
            }
            let result = delegate.state.value
            #expect(result.violations.isEmpty)
            #expect(result.failures.isEmpty)
            #expect(result.pauseCount > 1)
            #expect(result.body == nginx.largeBody)
        }
    }
}
