/// A recent request as kept in the engine's bounded in-memory ring: what the console's inspector
/// shows and what a replay sends again. Headers are masked; bodies are capped.
public struct RecordedExchange: Sendable, Hashable {
    public var id: RequestID
    public var timestampMs: UInt64
    public var endpoint: Endpoint
    public var requestedModel: String
    /// Provider and provider model that answered (empty when none was chosen).
    public var provider: String
    public var model: String
    public var stream: Bool
    /// Status sent to the client.
    public var status: Int
    /// Client request headers, credentials masked.
    public var requestHeaders: [HTTPField]
    public var requestBody: CappedBody
    /// Response headers sent to the client.
    public var responseHeaders: [HTTPField]
    /// The response body (for streams, the SSE text as relayed).
    public var responseBody: CappedBody
    public var attempts: [AttemptRecord]
    public var usage: Usage?
    public var timings: StageTimings
    public var providerRequestID: String?
    public var errorMessage: String?
    /// Set on a replay: the request it repeated.
    public var replayOf: RequestID?
    /// Why the route chose its first target (empty when no route ran).
    public var routeReason: String

    public init(
        id: RequestID, timestampMs: UInt64, endpoint: Endpoint, requestedModel: String, provider: String, model: String, stream: Bool,
        status: Int, requestHeaders: [HTTPField], requestBody: CappedBody, responseHeaders: [HTTPField], responseBody: CappedBody,
        attempts: [AttemptRecord], usage: Usage?, timings: StageTimings, providerRequestID: String?, errorMessage: String?,
        replayOf: RequestID? = nil, routeReason: String = ""
    ) {
        self.id = id
        self.timestampMs = timestampMs
        self.endpoint = endpoint
        self.requestedModel = requestedModel
        self.provider = provider
        self.model = model
        self.stream = stream
        self.status = status
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.attempts = attempts
        self.usage = usage
        self.timings = timings
        self.providerRequestID = providerRequestID
        self.errorMessage = errorMessage
        self.replayOf = replayOf
        self.routeReason = routeReason
    }
}

/// A body kept up to a size cap.
public struct CappedBody: Sendable, Hashable {
    /// The first `cap` bytes at most.
    public var bytes: [UInt8]
    /// The body's full length; larger than `bytes.count` when it was cut.
    public var totalLength: Int

    public init(bytes: [UInt8], totalLength: Int) {
        self.bytes = bytes
        self.totalLength = totalLength
    }

    public static let empty = CappedBody(bytes: [], totalLength: 0)

    public var isTruncated: Bool { totalLength > bytes.count }

    /// The kept bytes as text (invalid UTF-8 repaired).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// One try at a provider within a request.
public struct AttemptRecord: Sendable, Hashable {
    public var provider: String
    public var model: String
    /// The provider key's id (never its secret).
    public var keyID: String?
    /// The provider's HTTP status, nil when no response arrived.
    public var status: Int?
    /// Why it failed, nil when it succeeded.
    public var failure: String?
    public var elapsedMs: Double

    public init(provider: String, model: String, keyID: String?, status: Int?, failure: String?, elapsedMs: Double) {
        self.provider = provider
        self.model = model
        self.keyID = keyID
        self.status = status
        self.failure = failure
        self.elapsedMs = elapsedMs
    }
}

/// A replayed request next to the one it repeated.
public struct ReplayResult: Sendable, Hashable {
    public var original: RecordedExchange
    public var replay: RecordedExchange

    public init(original: RecordedExchange, replay: RecordedExchange) {
        self.original = original
        self.replay = replay
    }
}

/// A provider's runtime state as operators see it.
public struct ProviderSnapshot: Sendable, Hashable {
    public struct Key: Sendable, Hashable {
        public var id: String
        /// `Secret.masked` of the current secret.
        public var masked: String
        public var weight: Int
        public var paused: Bool
        /// Wall-clock ms until which the previous secret is still accepted after a rotation.
        public var graceUntilMs: UInt64?
        /// Wall-clock ms until which the key is left out because the provider rejected it (401/403).
        public var suspendedUntilMs: UInt64?

        public init(id: String, masked: String, weight: Int, paused: Bool, graceUntilMs: UInt64?, suspendedUntilMs: UInt64? = nil) {
            self.id = id
            self.masked = masked
            self.weight = weight
            self.paused = paused
            self.graceUntilMs = graceUntilMs
            self.suspendedUntilMs = suspendedUntilMs
        }
    }

    public var id: String
    public var kind: String
    public var baseURL: String
    public var paused: Bool
    public var keys: [Key]

    public init(id: String, kind: String, baseURL: String, paused: Bool, keys: [Key]) {
        self.id = id
        self.kind = kind
        self.baseURL = baseURL
        self.paused = paused
        self.keys = keys
    }
}
