import Engine
import Foundation
import Logging
import MockProvider
import NIOCore
import Server
import SignalboxCore
import Testing
import Upstream

/// One provider family end to end: a mock provider speaking that family's API on loopback, a
/// gateway with one provider of the matching kind routed as `flavor-chat` / `flavor-embed`, and
/// a libcurl client speaking OpenAI's API to the gateway.
final class FlavorHarness: Sendable {
    /// How a provider family is set up against its mock, and where its key travels.
    struct Case: Sendable, CustomTestStringConvertible {
        var flavor: MockFlavor
        var label: String? = nil
        /// The request header that carries the provider key, and whether its value (given the
        /// key) is right.
        var keyHeader: String
        var keyCheck: @Sendable (_ value: String?, _ key: String) -> Bool
        var hasEmbeddings: Bool = true
        /// Whether the provider names its request id in a header (Google documents none).
        var sendsRequestID = true
        /// Texts one embeddings request may carry (Bedrock's Titan takes one).
        var embeddingBatch: Int = 2
        var configure: @Sendable (inout ProviderConfig) -> Void = { _ in }

        var testDescription: String { label ?? flavor.rawValue }
    }

    static let providerKey = "sk-flavor-provider-key-0001"
    static let clientKey = "sk-flavor-client-key-0002"

    let mock: MockProviderServer
    let runtime: GatewayRuntime
    let client: CurlUpstreamClient
    let events: EventSubscription
    let baseURL: String

    private init(mock: MockProviderServer, runtime: GatewayRuntime, client: CurlUpstreamClient, events: EventSubscription, baseURL: String) {
        self.mock = mock
        self.runtime = runtime
        self.client = client
        self.events = events
        self.baseURL = baseURL
    }

    static func start(_ flavorCase: Case, faults: MockFaults = MockFaults(), maxAttempts: Int = 1) async throws -> FlavorHarness {
        var mockConfiguration = MockProviderConfiguration(flavor: flavorCase.flavor, faults: faults, apiKey: providerKey)
        mockConfiguration.models = ["flavor-model"]
        let mock = MockProviderServer(configuration: mockConfiguration)
        _ = try await mock.start()
        var provider = ProviderConfig(
            id: "sim-\(flavorCase.flavor.rawValue)", kind: flavorCase.flavor.providerKind, baseURL: mock.providerBaseURL,
            keys: [ProviderKeyConfig(id: "primary", secret: Secret(providerKey))])
        flavorCase.configure(&provider)
        let config = GatewayConfig(
            server: ServerConfig(
                listen: ListenAddress(host: "127.0.0.1", port: 0), adminListen: ListenAddress(host: "127.0.0.1", port: 0),
                maxBodyBytes: 1 << 20, drainTimeoutSeconds: 2),
            providers: [provider],
            models: [
                ModelRoute(name: "flavor-chat", targets: [RouteTarget(provider: provider.id, model: "flavor-model")]),
                ModelRoute(name: "flavor-embed", targets: [RouteTarget(provider: provider.id, model: "flavor-embed-model")]),
            ],
            retries: RetryConfig(maxAttempts: maxAttempts, backoffMs: 10, maxBackoffMs: 100))
        var logger = Logger(label: "test.flavor")
        logger.logLevel = .critical
        let runtime = GatewayRuntime(config: config, logger: logger, eventLoops: 1)
        let events = runtime.bus.subscribe(capacity: 10_000)
        let ports = try await runtime.start()
        let client = CurlUpstreamClient(maxHostConnections: 8, logger: logger)
        return FlavorHarness(mock: mock, runtime: runtime, client: client, events: events, baseURL: "http://127.0.0.1:\(ports.proxy)/v1")
    }

    func stop() async {
        client.shutdown()
        events.cancel()
        _ = await runtime.shutdown()
        await mock.stop()
    }

    /// POSTs `body` (OpenAI's API) to the gateway and collects the whole answer.
    func post(_ path: String, _ body: JSONValue) async throws -> (status: Int, headers: [HTTPField], body: String) {
        let request = OutboundRequest(
            method: .post, url: baseURL + path,
            headers: [HTTPField("Content-Type", "application/json"), HTTPField("Authorization", "Bearer " + Self.clientKey)],
            body: Array(try JSONEncoder().encode(body)), timeouts: ProviderTimeouts(connectMs: 2_000, firstByteMs: 20_000, idleMs: 20_000, totalMs: 30_000),
            httpVersion: .http1)
        let response = try await client.execute(request)
        var collected = ByteBuffer()
        for try await var part in response.body { collected.writeBuffer(&part) }
        return (response.head.status, response.head.headers, String(buffer: collected))
    }

    /// The next `requestFinished` event.
    func nextFinished() async -> RequestFinished? {
        for await event in events {
            if case .requestFinished(let finished) = event { return finished }
        }
        return nil
    }

    /// The `data:` payloads of an SSE body, in order.
    static func dataLines(_ body: String) -> [String] {
        body.split(separator: "\n", omittingEmptySubsequences: true).filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst(6)) }
    }
}
