/// The whole gateway configuration (DESIGN §5), as validated by `ConfigLoader`.
public struct GatewayConfig: Sendable, Hashable {
    public var server: ServerConfig
    public var store: StoreConfig
    public var providers: [ProviderConfig]
    public var models: [ModelRoute]
    public var retries: RetryConfig
    public var circuitBreaker: CircuitBreakerConfig
    public var console: ConsoleConfig
    public var control: ControlConfig
    /// `pricing:` overrides of the built-in `PriceCatalog`.
    public var pricing: [PriceOverride]
    /// `limits:` team limits and budgets, the gateway's budget, the completion estimate.
    public var limits: LimitsConfig
    /// `request_log:` body capture and retention.
    public var requestLog: RequestLogConfig
    public var cache = CacheConfig()
    /// `admin:` tokens for the admin API.
    public var admin: AdminConfig

    public init(
        server: ServerConfig = ServerConfig(), store: StoreConfig = .sqlite(path: "./signalbox.db"), providers: [ProviderConfig] = [],
        models: [ModelRoute] = [], retries: RetryConfig = RetryConfig(), circuitBreaker: CircuitBreakerConfig = CircuitBreakerConfig(),
        console: ConsoleConfig = ConsoleConfig(), control: ControlConfig = ControlConfig(), pricing: [PriceOverride] = [],
        limits: LimitsConfig = LimitsConfig(), requestLog: RequestLogConfig = RequestLogConfig(), admin: AdminConfig = AdminConfig()
    ) {
        self.server = server
        self.store = store
        self.providers = providers
        self.models = models
        self.retries = retries
        self.circuitBreaker = circuitBreaker
        self.console = console
        self.control = control
        self.pricing = pricing
        self.limits = limits
        self.requestLog = requestLog
        self.admin = admin
    }

    public func provider(id: String) -> ProviderConfig? { providers.first { $0.id == id } }
    public func route(named name: String) -> ModelRoute? { models.first { $0.name == name } }
}

/// A `host:port` to listen on.
public struct ListenAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `127.0.0.1:8080`, `localhost:8080`, `[::1]:8080` or `:8080` (all interfaces).
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port)
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

public struct ServerConfig: Sendable, Hashable {
    public var listen: ListenAddress
    public var adminListen: ListenAddress
    public var maxBodyBytes: Int
    /// How long shutdown waits for in-flight requests before cancelling them.
    public var drainTimeoutSeconds: Int
    /// Whether `/v1` requests must present a virtual key.
    public var auth: AuthMode

    public init(
        listen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8080),
        adminListen: ListenAddress = ListenAddress(host: "127.0.0.1", port: 8081), maxBodyBytes: Int = 10_485_760,
        drainTimeoutSeconds: Int = 10, auth: AuthMode = .none
    ) {
        self.auth = auth
        self.listen = listen
        self.adminListen = adminListen
        self.maxBodyBytes = maxBodyBytes
        self.drainTimeoutSeconds = drainTimeoutSeconds
    }
}

/// `server.auth`: `none` trusts every caller (loopback only), `virtual_keys` requires an
/// `sk-sb-…` key from the store on every `/v1` request.
public enum AuthMode: String, Sendable, Hashable, CaseIterable {
    case none
    case virtualKeys = "virtual_keys"
}

public enum StoreConfig: Sendable, Hashable {
    case sqlite(path: String)
    case postgres(url: Secret)
}

public enum ProviderKind: String, Sendable, Hashable, CaseIterable {
    case openai
    case azure
    case anthropic
    case gemini
    case bedrock
    case vertex
    case cohere
    case openaiCompatible = "openai-compatible"
}

/// Which HTTP version Signalbox speaks to a provider.
public enum HTTPVersionPreference: String, Sendable, Hashable, CaseIterable {
    /// HTTP/2 over TLS when the server offers it, HTTP/1.1 otherwise.
    case auto
    case http1 = "1.1"
    case http2 = "2"
}

public struct ProviderKeyConfig: Sendable, Hashable {
    public var id: String
    /// The API key, access token, or (bedrock with `accessKeyID`) the AWS secret access key.
    public var secret: Secret
    public var weight: Int
    /// bedrock: the AWS access key id; with it requests are signed with SigV4 using `secret`.
    /// Without it, `secret` is sent as a Bedrock API key (bearer token).
    public var accessKeyID: String?
    /// bedrock: the session token of temporary AWS credentials.
    public var sessionToken: Secret?
    /// vertex: a service-account key; Signalbox mints the access tokens and keeps the current
    /// one as `secret` (empty until the first one arrives).
    public var serviceAccount: ServiceAccountKey?

    public init(
        id: String, secret: Secret, weight: Int = 1, accessKeyID: String? = nil, sessionToken: Secret? = nil,
        serviceAccount: ServiceAccountKey? = nil
    ) {
        self.id = id
        self.secret = secret
        self.weight = weight
        self.accessKeyID = accessKeyID
        self.sessionToken = sessionToken
        self.serviceAccount = serviceAccount
    }
}

public struct ProviderTimeouts: Sendable, Hashable {
    public var connectMs: Int
    public var firstByteMs: Int
    /// Longest silence allowed between two body bytes (stall detection).
    public var idleMs: Int
    public var totalMs: Int

    public init(connectMs: Int = 2_000, firstByteMs: Int = 30_000, idleMs: Int = 60_000, totalMs: Int = 600_000) {
        self.connectMs = connectMs
        self.firstByteMs = firstByteMs
        self.idleMs = idleMs
        self.totalMs = totalMs
    }
}

public struct ProviderConfig: Sendable, Hashable {
    public var id: String
    public var kind: ProviderKind
    /// Base URL without a trailing slash, e.g. `https://api.openai.com/v1`.
    public var baseURL: String
    public var keys: [ProviderKeyConfig]
    public var timeouts: ProviderTimeouts
    public var maxConnections: Int
    public var httpVersion: HTTPVersionPreference
    /// Extra headers sent with every request to this provider (e.g. `OpenAI-Organization`).
    public var headers: [String: String]
    /// Active health check; nil: the provider is judged by its traffic only.
    public var healthCheck: HealthCheckConfig?
    /// bedrock: the AWS region (`us-east-1`); vertex: the location (`us-central1`, `global`).
    public var region: String?
    /// vertex: the Google Cloud project id.
    public var project: String?
    /// azure: the `api-version` query parameter; anthropic: the `anthropic-version` header.
    public var apiVersion: String?

    public init(
        id: String, kind: ProviderKind, baseURL: String, keys: [ProviderKeyConfig] = [], timeouts: ProviderTimeouts = ProviderTimeouts(),
        maxConnections: Int = 64, httpVersion: HTTPVersionPreference = .auto, headers: [String: String] = [:],
        healthCheck: HealthCheckConfig? = nil, region: String? = nil, project: String? = nil, apiVersion: String? = nil
    ) {
        self.region = region
        self.project = project
        self.apiVersion = apiVersion
        self.id = id
        self.kind = kind
        self.baseURL = baseURL
        self.keys = keys
        self.timeouts = timeouts
        self.maxConnections = maxConnections
        self.httpVersion = httpVersion
        self.headers = headers
        self.healthCheck = healthCheck
    }
}

/// `providers[].health_check`: a GET the gateway sends on its own, every `intervalSeconds`; a
/// failure opens the provider's circuit breakers before client traffic has to find out.
public struct HealthCheckConfig: Sendable, Hashable {
    /// Appended to `base_url`, e.g. `/models`.
    public var path: String
    public var intervalSeconds: Int
    public var timeoutMs: Int

    public init(path: String = "/models", intervalSeconds: Int = 15, timeoutMs: Int = 2_000) {
        self.path = path
        self.intervalSeconds = intervalSeconds
        self.timeoutMs = timeoutMs
    }
}

public enum RoutingStrategy: String, Sendable, Hashable, CaseIterable {
    case weighted
    case priority
    case latency
    case cost
    case leastBusy = "least-busy"
}

public struct RouteTarget: Sendable, Hashable {
    public var provider: String
    public var model: String
    public var weight: Int

    public init(provider: String, model: String, weight: Int = 1) {
        self.provider = provider
        self.model = model
        self.weight = weight
    }
}

/// `cache:`: the response cache's bounds, and the route that embeds questions for the semantic cache.
public struct CacheConfig: Sendable, Hashable {
    /// Answers kept by the exact cache, and their bytes.
    public var maxEntries: Int
    public var maxBytes: Int
    /// The route whose embeddings index questions (`models[].cache.semantic`); any provider with
    /// embeddings, e.g. a local OpenAI-compatible server.
    public var embeddingRoute: String?
    /// Questions kept by the semantic cache's index.
    public var semanticMaxEntries: Int

    public init(maxEntries: Int = 10_000, maxBytes: Int = 256 << 20, embeddingRoute: String? = nil, semanticMaxEntries: Int = 100_000) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        self.embeddingRoute = embeddingRoute
        self.semanticMaxEntries = semanticMaxEntries
    }
}

public struct RouteCacheConfig: Sendable, Hashable {
    public var exact: Bool
    public var semanticThreshold: Double?
    public var ttlSeconds: Int
    /// Entries are shared by every virtual key (`namespace: shared`) instead of kept per key.
    public var shared: Bool
    /// Cache requests with a temperature above 0 (or none) too: their answers vary from call to
    /// call, so by default only `temperature: 0` requests are cached.
    public var nondeterministic: Bool

    public init(exact: Bool = false, semanticThreshold: Double? = nil, ttlSeconds: Int = 3600, shared: Bool = false, nondeterministic: Bool = false) {
        self.exact = exact
        self.semanticThreshold = semanticThreshold
        self.ttlSeconds = ttlSeconds
        self.shared = shared
        self.nondeterministic = nondeterministic
    }
}

/// A public model name and the provider models that serve it.
public struct ModelRoute: Sendable, Hashable {
    public var name: String
    public var strategy: RoutingStrategy
    public var targets: [RouteTarget]
    public var fallbacks: [String]
    public var cache: RouteCacheConfig?

    public init(
        name: String, strategy: RoutingStrategy = .weighted, targets: [RouteTarget], fallbacks: [String] = [], cache: RouteCacheConfig? = nil
    ) {
        self.name = name
        self.strategy = strategy
        self.targets = targets
        self.fallbacks = fallbacks
        self.cache = cache
    }
}

public struct RetryConfig: Sendable, Hashable {
    public var maxAttempts: Int
    public var backoffMs: Int
    public var maxBackoffMs: Int
    /// Total time a request may take across all its attempts and backoffs; 0: no bound beyond
    /// each provider's `timeouts.total_ms`.
    public var deadlineMs: Int

    public init(maxAttempts: Int = 3, backoffMs: Int = 100, maxBackoffMs: Int = 5_000, deadlineMs: Int = 0) {
        self.maxAttempts = maxAttempts
        self.backoffMs = backoffMs
        self.maxBackoffMs = maxBackoffMs
        self.deadlineMs = deadlineMs
    }
}

public struct CircuitBreakerConfig: Sendable, Hashable {
    public var failureRatio: Double
    public var minRequests: Int
    public var windowSeconds: Int
    public var cooldownSeconds: Int
    /// When every target of a request is open: send it to them anyway instead of failing fast.
    public var tryWhenAllOpen: Bool

    public init(failureRatio: Double = 0.5, minRequests: Int = 10, windowSeconds: Int = 30, cooldownSeconds: Int = 30, tryWhenAllOpen: Bool = false) {
        self.failureRatio = failureRatio
        self.minRequests = minRequests
        self.windowSeconds = windowSeconds
        self.cooldownSeconds = cooldownSeconds
        self.tryWhenAllOpen = tryWhenAllOpen
    }
}

public struct ConsoleConfig: Sendable, Hashable {
    public var theme: String

    public init(theme: String = "ops-dark") { self.theme = theme }
}

/// Operator actions and the in-memory ring of recent requests they inspect and replay.
public struct ControlConfig: Sendable, Hashable {
    /// After a key rotation, how long the previous secret stays with requests already using it.
    public var keyRotationGraceSeconds: Int
    /// Recent requests kept for the console's inspector and for replay.
    public var recentRequests: Int
    /// Request and response bodies are kept up to this many bytes each.
    public var recentBodyBytes: Int

    public init(keyRotationGraceSeconds: Int = 300, recentRequests: Int = 1_000, recentBodyBytes: Int = 65_536) {
        self.keyRotationGraceSeconds = keyRotationGraceSeconds
        self.recentRequests = recentRequests
        self.recentBodyBytes = recentBodyBytes
    }
}
