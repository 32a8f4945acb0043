public import Logging
public import MockProvider
public import SignalboxCore

/// The simulated world of `signalbox demo`: mock providers on ephemeral loopback ports and a
/// gateway configuration that routes across them.
public final class DemoScenario: Sendable {
    public struct SimulatedProvider: Sendable {
        public var id: String
        public var server: MockProviderServer
        public var routes: [String]
    }

    public let providers: [SimulatedProvider]
    public let config: GatewayConfig
    /// Route names the traffic generator uses for chat.
    public let chatRoutes: [String]
    public let embeddingRoute: String

    private init(providers: [SimulatedProvider], config: GatewayConfig, chatRoutes: [String], embeddingRoute: String) {
        self.providers = providers
        self.config = config
        self.chatRoutes = chatRoutes
        self.embeddingRoute = embeddingRoute
    }

    /// Starts the mock providers and builds the gateway configuration around their ports.
    public static func start(listen: ListenAddress, adminListen: ListenAddress, logger: Logger) async throws -> DemoScenario {
        // id, the API it speaks, the route it serves, the model it names, its base latency and stream pace.
        let specs: [(id: String, flavor: MockFlavor, route: String, model: String, latencyMs: Int, chunkDelayMs: Int)] = [
            ("openai-sim", .openai, "gpt-4o", "gpt-4o", 40, 25),
            ("anthropic-sim", .anthropic, "claude-sonnet", "claude-sonnet-4", 60, 30),
            ("gemini-sim", .gemini, "gemini-flash", "gemini-2.0-flash", 30, 15),
            ("local-sim", .openai, "local-llama", "llama-3.1-8b", 15, 10),
        ]
        // Simulated providers fail on purpose; their own logs would only drown the summary.
        var mockLogger = logger
        mockLogger.logLevel = .critical
        var providers: [SimulatedProvider] = []
        var providerConfigs: [ProviderConfig] = []
        var routes: [ModelRoute]
        for spec in specs {
            var configuration = MockProviderConfiguration(flavor: spec.flavor)
            configuration.apiKey = "sk-demo-\(spec.id)-key-000000"
            configuration.models = [spec.model, "text-embedding-sim"]
            configuration.faults.latencyMs = spec.latencyMs
            configuration.faults.chunkDelayMs = spec.chunkDelayMs
            configuration.faults.chunks = 12
            let server = MockProviderServer(configuration: configuration, logger: mockLogger)
            _ = try await server.start()
            providers.append(SimulatedProvider(id: spec.id, server: server, routes: [spec.route]))
            providerConfigs.append(
                ProviderConfig(
                    id: spec.id, kind: spec.flavor == .openai ? .openaiCompatible : spec.flavor.providerKind, baseURL: server.providerBaseURL,
                    keys: [ProviderKeyConfig(id: "primary", secret: Secret(configuration.apiKey!))],
                    timeouts: ProviderTimeouts(connectMs: 1_000, firstByteMs: 5_000, idleMs: 10_000, totalMs: 60_000)))
        }
        // Routes that let the fault script show reliability at work: the openai-sim outage fails
        // over to claude-sonnet and opens openai-sim's breaker; the 429 burst on anthropic-sim
        // fails over to gpt-4o; the gemini-sim latency spike moves gemini-flash (latency
        // strategy) to openai-sim until its average recovers.
        routes = [
            ModelRoute(name: "gpt-4o", targets: [RouteTarget(provider: "openai-sim", model: "gpt-4o")], fallbacks: ["claude-sonnet"]),
            ModelRoute(
                name: "claude-sonnet", targets: [RouteTarget(provider: "anthropic-sim", model: "claude-sonnet-4")], fallbacks: ["gpt-4o"]),
            ModelRoute(
                name: "gemini-flash", strategy: .latency,
                targets: [RouteTarget(provider: "gemini-sim", model: "gemini-2.0-flash"), RouteTarget(provider: "openai-sim", model: "gpt-4o")]),
            // The local model sits behind the response cache: repeated prompts hit exactly, paraphrases
            // (the traffic has some) semantically, through the local embedding model.
            ModelRoute(
                name: "local-llama", targets: [RouteTarget(provider: "local-sim", model: "llama-3.1-8b")],
                cache: RouteCacheConfig(exact: true, semanticThreshold: 0.85, ttlSeconds: 600, shared: true, nondeterministic: true)),
            ModelRoute(name: "text-embedding", targets: [RouteTarget(provider: "local-sim", model: "text-embedding-sim")]),
        ]
        var config = GatewayConfig(
            server: ServerConfig(listen: listen, adminListen: adminListen, drainTimeoutSeconds: 3),
            store: .sqlite(path: ":memory:"), providers: providerConfigs, models: routes,
            circuitBreaker: CircuitBreakerConfig(failureRatio: 0.5, minRequests: 5, windowSeconds: 10, cooldownSeconds: 6))
        config.cache = CacheConfig(embeddingRoute: "text-embedding")
        return DemoScenario(providers: providers, config: config, chatRoutes: specs.map(\.route), embeddingRoute: "text-embedding")
    }

    public func provider(_ id: String) -> MockProviderServer? { providers.first { $0.id == id }?.server }

    public func stop() async {
        for provider in providers { await provider.server.stop() }
    }
}
