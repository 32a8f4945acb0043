import Providers
import SignalboxCore

/// The immutable facts of one proxied request, fixed before the upstream transfer starts.
struct ExchangeContext: Sendable {
    var id: RequestID
    var endpoint: Endpoint
    var requestedModel: String
    var providerID: String
    var model: String
    var stream: Bool
    /// Signalbox asked the provider for a usage chunk the client did not request, so it must not
    /// be relayed.
    var injectedUsageChunk: Bool
    var adapter: any ProviderAdapter
    /// The provider key's id (never its secret), for the request record.
    var keyID: String?
    /// The client's virtual key id (`server.auth: virtual_keys`).
    var virtualKeyID: String?
    /// The rate-limit tokens and budget reserved for this request, settled when it finishes, and
    /// the `x-ratelimit-*` headers its response carries.
    var admission = Admission()
    /// What the request recorder keeps of the client's request (nil when recording is off).
    var recorded: RequestRecorder.RequestPart?
    /// Monotonic timestamps (ns).
    var receivedAt: UInt64
    var parsedAt: UInt64
    /// Set when the provider request has been built and handed to the upstream client.
    var submittedAt: UInt64 = 0
    /// Monotonic time by which the request must be answered, across all attempts (nil: none).
    var deadline: UInt64?
    /// Attempts allowed for this request (`retries.max_attempts`, or the client's
    /// `x-signalbox-max-attempts`).
    var maxAttempts = 1
    /// Where a successful answer goes in the exact cache (nil: it is not stored), and what the
    /// `x-signalbox-cache` header and the finish event say.
    var cacheWrite: CacheWrite?
    var cacheStatus = "bypass"
    /// Where a successful answer goes in the semantic cache (its question's embedding).
    var semanticWrite: SemanticWrite?

    init(
        id: RequestID, endpoint: Endpoint, requestedModel: String, target: RouteTable.Target, stream: Bool, injectedUsageChunk: Bool,
        request: InboundRequest, recorded: RequestRecorder.RequestPart?, parsedAt: UInt64
    ) {
        self.id = id
        self.endpoint = endpoint
        self.requestedModel = requestedModel
        self.providerID = target.provider.id
        self.model = target.model
        self.stream = stream
        self.injectedUsageChunk = injectedUsageChunk
        self.adapter = target.adapter
        self.keyID = target.key?.id
        self.recorded = recorded
        self.receivedAt = request.receivedAt
        self.parsedAt = parsedAt
    }
}

/// An answer to store in the exact cache once it succeeded.
struct CacheWrite: Sendable {
    var key: ExactCacheKey
    var namespace: ExactCacheKey.Namespace
    var ttlMs: Int64
}

/// What the caches decided before a chat request is routed.
struct ChatCacheState: Sendable {
    var write: CacheWrite?
    var status: String
    var semantic: SemanticWrite?
}

/// A question's embedding and partition, to index its answer under once it succeeded.
struct SemanticWrite: Sendable {
    var vector: [Float]
    var partition: UInt64
    var ttlMs: Int64
    var namespace: ExactCacheKey.Namespace
}
