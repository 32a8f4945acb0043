public import SignalboxCore

/// One request in the console's stream: created by `.requestStarted`, completed by
/// `.requestFinished` (or created by it when the start event was dropped).
public struct RequestRow: Sendable, Hashable {
    public var id: RequestID
    public var startedMs: UInt64
    public var finishedMs: UInt64?
    public var endpoint: Endpoint
    public var requestedModel: String
    public var provider: String
    public var model: String
    public var stream: Bool
    /// Status sent to the client; nil while in flight.
    public var status: Int?
    public var attempts: Int
    public var latencyMs: Double?
    public var totalTokens: Int?
    public var errorMessage: String?
    public var clientCancelled: Bool
    /// What the response cache did; nil while in flight.
    public var cache: RequestCacheResult?

    public init(started: RequestStarted) {
        id = started.id
        startedMs = started.timestampMs
        endpoint = started.endpoint
        requestedModel = started.requestedModel
        provider = started.provider
        model = started.model
        stream = started.stream
        attempts = 0
        clientCancelled = false
    }

    /// A row for a request whose start event was dropped (or that never had one).
    public init(finished: RequestFinished) {
        self.init(
            started: RequestStarted(
                id: finished.id, timestampMs: finished.timestampMs, endpoint: finished.endpoint, requestedModel: finished.requestedModel,
                provider: finished.provider, model: finished.model, stream: finished.stream))
        complete(with: finished)
    }

    public mutating func complete(with finished: RequestFinished) {
        finishedMs = finished.timestampMs
        if !finished.provider.isEmpty { provider = finished.provider }
        if !finished.model.isEmpty { model = finished.model }
        status = finished.status
        attempts = finished.attempts
        latencyMs = finished.latencyMs
        totalTokens = finished.usage?.totalTokens
        errorMessage = finished.errorMessage
        clientCancelled = finished.clientCancelled
        cache = RequestCacheResult(finished)
    }

    public var isInFlight: Bool { status == nil }

    /// The status column: the code, `live` in flight, `gone` when the client left.
    var statusText: String {
        guard let status else { return "live" }
        return clientCancelled ? "gone" : String(status)
    }

    var statusRole: StyleRole {
        guard let status else { return .dim }
        if clientCancelled { return .warning }
        switch status {
        case 200..<300: return .healthy
        case 400..<500 where status != 429: return .warning
        default: return .error
        }
    }
}
