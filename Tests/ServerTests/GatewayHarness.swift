import Engine
import Foundation
import Logging
import MockProvider
import NIOCore
import Server
import SignalboxCore
import Store
import Upstream

/// A gateway in this process over a real mock provider on loopback, and a libcurl client to call
/// it with: every byte crosses real sockets.
final class GatewayHarness: Sendable {
    static let providerKey = "sk-mock-provider-key-0001"
    static let clientKey = "sk-client-key-should-not-leak-0002"
    static let backupKey = "sk-mock-backup-key-0003"

    let mock: MockProviderServer
    /// `mock-backup`, started when asked for: the second target of the `duo` route.
    let backup: MockProviderServer?
    let runtime: GatewayRuntime
    let client: CurlUpstreamClient
    let events: EventSubscription
    let baseURL: String
    /// `http://127.0.0.1:PORT` of the admin listener.
    let adminURL: String

    private init(
        mock: MockProviderServer, backup: MockProviderServer?, runtime: GatewayRuntime, client: CurlUpstreamClient, events: EventSubscription,
        baseURL: String, adminURL: String
    ) {
        self.mock = mock
        self.backup = backup
        self.runtime = runtime
        self.client = client
        self.events = events
        self.baseURL = baseURL
        self.adminURL = adminURL
    }

    /// `configure` may change the provider (e.g. timeouts) before the gateway starts.
    static func start(
        faults: MockFaults = MockFaults(), maxBodyBytes: Int = 65_536, withBackup: Bool = false, control: ControlConfig = ControlConfig(),
        retries: RetryConfig = RetryConfig(maxAttempts: 3, backoffMs: 20, maxBackoffMs: 2_000),
        breaker: CircuitBreakerConfig = CircuitBreakerConfig(), duoStrategy: RoutingStrategy = .priority,
        backupKeys: [ProviderKeyConfig] = [ProviderKeyConfig(id: "main", secret: Secret(backupKey))], backupAPIKey: String? = nil,
        keyDirectory: (any VirtualKeyDirectory)? = nil, database: SignalboxDatabase? = nil, adminTokens: [AdminTokenConfig] = [],
        store: StoreConfig = .sqlite(path: ":memory:"), storePath: String? = nil, limits: LimitsConfig = LimitsConfig(),
        pricing: [PriceOverride] = [], extraRoutes: [ModelRoute] = [], requestLog: RequestLogConfig = RequestLogConfig(),
        storeBacklogCapacity: Int = 10_000, cache: CacheConfig = CacheConfig(), configure: (inout ProviderConfig) -> Void = { _ in }
    ) async throws -> GatewayHarness {
        var mockConfiguration = MockProviderConfiguration()
        mockConfiguration.apiKey = providerKey
        mockConfiguration.faults = faults
        let mock = MockProviderServer(configuration: mockConfiguration)
        _ = try await mock.start()
        var provider = ProviderConfig(
            id: "mock-openai", kind: .openai, baseURL: mock.baseURL, keys: [ProviderKeyConfig(id: "primary", secret: Secret(providerKey))])
        configure(&provider)
        var providers = [provider]
        var routes: [ModelRoute] = []
        var backup: MockProviderServer?
        if withBackup {
            // Accepts any key unless told otherwise, so a rotated secret can be seen arriving.
            var backupConfiguration = MockProviderConfiguration()
            backupConfiguration.apiKey = backupAPIKey
            let server = MockProviderServer(configuration: backupConfiguration)
            _ = try await server.start()
            backup = server
            providers.append(
                ProviderConfig(
                    id: "mock-backup", kind: .openai, baseURL: server.baseURL, keys: backupKeys))
            routes.append(ModelRoute(name: "backup", targets: [RouteTarget(provider: "mock-backup", model: "backup-gpt")]))
        }
        var config = GatewayConfig(
            server: ServerConfig(
                listen: ListenAddress(host: "127.0.0.1", port: 0), adminListen: ListenAddress(host: "127.0.0.1", port: 0),
                maxBodyBytes: maxBodyBytes, drainTimeoutSeconds: 2,
                auth: keyDirectory == nil && database == nil && storePath == nil ? .none : .virtualKeys),
            store: storePath.map { .sqlite(path: $0) } ?? store,
            providers: providers,
            models: [
                ModelRoute(
                    name: "duo", strategy: duoStrategy,
                    targets: [RouteTarget(provider: "mock-openai", model: "mock-gpt")] + (withBackup ? [RouteTarget(provider: "mock-backup", model: "backup-gpt")] : [])),
                // `primary` falls back to the route `backup` (when there is a backup provider).
                ModelRoute(name: "primary", targets: [RouteTarget(provider: "mock-openai", model: "mock-gpt")], fallbacks: withBackup ? ["backup"] : []),
                ModelRoute(name: "gpt-test", targets: [RouteTarget(provider: "mock-openai", model: "mock-gpt")]),
                ModelRoute(name: "embed-test", targets: [RouteTarget(provider: "mock-openai", model: "mock-embed")]),
                // A route named like its provider model: nothing in the body changes on the way.
                ModelRoute(name: "mock-gpt", targets: [RouteTarget(provider: "mock-openai", model: "mock-gpt")]),
            ] + routes + extraRoutes, retries: retries, circuitBreaker: breaker, control: control, pricing: pricing, limits: limits,
            requestLog: requestLog, admin: AdminConfig(tokens: adminTokens))
        config.cache = cache
        var logger = Logger(label: "test.gateway")
        logger.logLevel = .critical
        let runtime = GatewayRuntime(
            config: config, logger: logger, eventLoops: 1, keyDirectory: keyDirectory, database: database, storeBacklogCapacity: storeBacklogCapacity)
        let events = runtime.bus.subscribe(capacity: 10_000)
        let ports = try await runtime.start()
        let client = CurlUpstreamClient(maxHostConnections: 16, logger: logger)
        return GatewayHarness(
            mock: mock, backup: backup, runtime: runtime, client: client, events: events, baseURL: "http://127.0.0.1:\(ports.proxy)/v1",
            adminURL: "http://127.0.0.1:\(ports.admin)")
    }

    func stop() async {
        client.shutdown()
        events.cancel()
        _ = await runtime.shutdown()
        await mock.stop()
        await backup?.stop()
    }

    func request(
        _ path: String, body: String, method: OutboundRequest.Method = .post, contentType: String = "application/json",
        clientKey: String? = GatewayHarness.clientKey
    ) -> OutboundRequest {
        OutboundRequest(
            method: method, url: baseURL + path,
            headers: [HTTPField("Content-Type", contentType)] + (clientKey.map { [HTTPField("Authorization", "Bearer " + $0)] } ?? []),
            body: Array(body.utf8), timeouts: ProviderTimeouts(connectMs: 2_000, firstByteMs: 20_000, idleMs: 20_000, totalMs: 30_000),
            httpVersion: .http1)
    }

    /// Sends a request and collects the whole response.
    func send(_ request: OutboundRequest) async throws -> (status: Int, headers: [HTTPField], body: String) {
        let response = try await client.execute(request)
        var body = ByteBuffer()
        for try await var part in response.body { body.writeBuffer(&part) }
        return (response.head.status, response.head.headers, String(buffer: body))
    }

    /// Awaits the `requestFinished` event of each of `ids` (a response can reach the client before
    /// its request is recorded). Other requests' events are passed over.
    func finished(_ ids: String?...) async {
        var waiting = Set(ids.compactMap { $0 })
        while !waiting.isEmpty, let finished = await nextFinished() { waiting.remove(finished.id.rawValue) }
    }

    /// The next `requestFinished` event (events are awaited, not polled).
    func nextFinished() async -> RequestFinished? {
        for await event in events {
            if case .requestFinished(let finished) = event { return finished }
        }
        return nil
    }
}
