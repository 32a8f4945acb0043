public import Foundation

/// What the engine tells its observers (console, metrics, tests) through the event bus.
/// Events never carry secrets or bodies: only what an operator needs to see what happened.
public enum GatewayEvent: Sendable, Hashable {
    case requestStarted(RequestStarted)
    case requestFinished(RequestFinished)
    case attemptFailed(AttemptFailed)
    /// A provider or one of its keys was paused or resumed.
    case providerStateChanged(ProviderStateChanged)
    /// A provider key's secret was replaced (only the masked form travels).
    case keyRotated(KeyRotated)
    /// An operator command was executed or refused (console, admin API).
    case operatorAction(OperatorAction)
    /// A request moved on from a failed target to another one.
    case failover(Failover)
    /// A circuit breaker changed state.
    case breakerChanged(BreakerChanged)
    /// A budget's spend crossed one of its alert thresholds (1.0: used up).
    case budgetAlert(BudgetAlert)
}

public struct Failover: Sendable, Hashable {
    public var requestID: RequestID
    public var timestampMs: UInt64
    public var fromProvider: String
    public var fromModel: String
    public var toProvider: String
    public var toModel: String
    /// Why the previous attempt failed.
    public var reason: String
    /// The attempt about to start (2 for the first failover).
    public var attempt: Int

    public init(
        requestID: RequestID, timestampMs: UInt64, fromProvider: String, fromModel: String, toProvider: String, toModel: String,
        reason: String, attempt: Int
    ) {
        self.requestID = requestID
        self.timestampMs = timestampMs
        self.fromProvider = fromProvider
        self.fromModel = fromModel
        self.toProvider = toProvider
        self.toModel = toModel
        self.reason = reason
        self.attempt = attempt
    }
}

public struct BreakerChanged: Sendable, Hashable {
    public var timestampMs: UInt64
    public var provider: String
    public var model: String
    /// `closed`, `open`, `half-open`.
    public var from: String
    public var to: String
    public var reason: String

    public init(timestampMs: UInt64, provider: String, model: String, from: String, to: String, reason: String) {
        self.timestampMs = timestampMs
        self.provider = provider
        self.model = model
        self.from = from
        self.to = to
        self.reason = reason
    }
}

public struct ProviderStateChanged: Sendable, Hashable {
    public var timestampMs: UInt64
    public var provider: String
    /// Nil when the whole provider changed state.
    public var key: String?
    public var paused: Bool

    public init(timestampMs: UInt64, provider: String, key: String?, paused: Bool) {
        self.timestampMs = timestampMs
        self.provider = provider
        self.key = key
        self.paused = paused
    }
}

public struct KeyRotated: Sendable, Hashable {
    public var timestampMs: UInt64
    public var provider: String
    public var key: String
    /// `Secret.masked` of the new secret.
    public var maskedSecret: String
    public var graceSeconds: Int

    public init(timestampMs: UInt64, provider: String, key: String, maskedSecret: String, graceSeconds: Int) {
        self.timestampMs = timestampMs
        self.provider = provider
        self.key = key
        self.maskedSecret = maskedSecret
        self.graceSeconds = graceSeconds
    }
}

public struct RequestStarted: Sendable, Hashable {
    public var id: RequestID
    /// Wall-clock time in milliseconds since the epoch.
    public var timestampMs: UInt64
    public var endpoint: Endpoint
    /// The model the client asked for (a route name or `provider/model`).
    public var requestedModel: String
    public var provider: String
    public var model: String
    public var stream: Bool

    public init(id: RequestID, timestampMs: UInt64, endpoint: Endpoint, requestedModel: String, provider: String, model: String, stream: Bool) {
        self.id = id
        self.timestampMs = timestampMs
        self.endpoint = endpoint
        self.requestedModel = requestedModel
        self.provider = provider
        self.model = model
        self.stream = stream
    }
}

/// Which API a request came in on.
public enum Endpoint: String, Sendable, Hashable {
    case chatCompletions = "chat.completions"
    case embeddings
    case models
    /// `POST /v1/messages` (Anthropic Messages, answered through the canonical chat pipeline).
    case messages
    /// `POST /v1/responses` (OpenAI Responses, answered through the canonical chat pipeline).
    case responses
}

public struct RequestFinished: Sendable, Hashable {
    public var id: RequestID
    public var timestampMs: UInt64
    public var endpoint: Endpoint
    public var requestedModel: String
    /// Empty when the request failed before a provider was chosen.
    public var provider: String
    public var model: String
    public var stream: Bool
    /// HTTP status sent to the client.
    public var status: Int
    public var attempts: Int
    public var usage: Usage?
    public var timings: StageTimings
    /// The provider's own request id (`x-request-id`), for support tickets.
    public var providerRequestID: String?
    /// Set when the request failed: the message the client received.
    public var errorMessage: String?
    /// Streamed responses: number of SSE events relayed to the client.
    public var chunks: Int
    /// True when the client went away before the response was complete.
    public var clientCancelled: Bool
    /// Why the route put its first target first (strategy, skipped targets); empty when no route ran.
    public var routeReason: String
    /// What the request cost in US dollars (`Cost` of the usage at the target's price); nil when
    /// the target has no known price or the provider reported no usage.
    public var costUSD: Decimal?
    /// The same cost in whole micro-dollars, as budgets, usage rows and the request log count it.
    public var costMicros: Int64?
    /// The virtual key that made the request (its id, never the secret); nil without `server.auth`.
    public var virtualKeyID: String?
    /// The response cache's part: `hit-exact`, `miss` (looked up, then answered by a provider) or
    /// `bypass` (no cache on the route, a non-deterministic request, or `x-signalbox-cache`).
    public var cache = "bypass"
    /// A cache hit: what the answer would have cost from its provider (micro-dollars; nil when
    /// unpriced), for the console's savings.
    public var savedCostMicros: Int64?
    /// A cache hit: the start of the last user message (at most 120 characters), for the
    /// console's top hit prompts.
    public var cachePrompt: String?
    /// A semantic cache hit: the cosine similarity of the question to the cached one.
    public var cacheSimilarity: Double?

    public init(
        id: RequestID, timestampMs: UInt64, endpoint: Endpoint, requestedModel: String, provider: String, model: String, stream: Bool,
        status: Int, attempts: Int, usage: Usage?, timings: StageTimings, providerRequestID: String?, errorMessage: String?,
        chunks: Int = 0, clientCancelled: Bool = false, routeReason: String = "", costUSD: Decimal? = nil, costMicros: Int64? = nil,
        virtualKeyID: String? = nil
    ) {
        self.costMicros = costMicros
        self.virtualKeyID = virtualKeyID
        self.id = id
        self.timestampMs = timestampMs
        self.endpoint = endpoint
        self.requestedModel = requestedModel
        self.provider = provider
        self.model = model
        self.stream = stream
        self.status = status
        self.attempts = attempts
        self.usage = usage
        self.timings = timings
        self.providerRequestID = providerRequestID
        self.errorMessage = errorMessage
        self.chunks = chunks
        self.clientCancelled = clientCancelled
        self.routeReason = routeReason
        self.costUSD = costUSD
    }

    public var latencyMs: Double { Double(timings.total) / 1_000_000 }
    public var succeeded: Bool { (200..<300).contains(status) }
}

public struct AttemptFailed: Sendable, Hashable {
    public var requestID: RequestID
    public var timestampMs: UInt64
    public var provider: String
    public var model: String
    public var attempt: Int
    /// The provider's HTTP status, or nil when no response arrived (connect error, timeout).
    public var status: Int?
    public var reason: String
    public var elapsedMs: Double

    public init(requestID: RequestID, timestampMs: UInt64, provider: String, model: String, attempt: Int, status: Int?, reason: String, elapsedMs: Double) {
        self.requestID = requestID
        self.timestampMs = timestampMs
        self.provider = provider
        self.model = model
        self.attempt = attempt
        self.status = status
        self.reason = reason
        self.elapsedMs = elapsedMs
    }
}
