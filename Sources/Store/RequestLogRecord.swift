import Foundation
public import SignalboxCore

/// The metadata of one request, as the request log keeps it (bodies separately, by capture mode).
public struct RequestLogRecord: Sendable, Hashable, Codable {
    public var requestID: String
    public var timeMs: Int64
    public var keyID: String?
    /// `chat.completions`, `embeddings`, `messages`, `responses`.
    public var endpoint: String
    /// The model or route the client asked for.
    public var route: String
    /// Empty when the request was refused before a provider was chosen.
    public var provider: String
    public var model: String
    public var status: Int
    public var attempts: Int
    public var stream: Bool
    public var latencyMs: Double
    public var overheadUs: Int64
    public var promptTokens: Int
    public var completionTokens: Int
    /// USD × 1,000,000; nil when the price is unknown.
    public var costMicros: Int64?
    /// `hit-exact`, `hit-semantic`, `miss`, `bypass`.
    public var cache: String
    public var errorMessage: String?
    public var providerRequestID: String?
    public var replayOf: String?
    /// Captured bodies (per `request_log.bodies`), not part of the metadata row.
    public var requestBody: String?
    public var responseBody: String?
    /// How the bodies were captured: `.redacted` on the way in makes the writer redact them
    /// (`BodyRedaction`) before storing; read back, it tells whether the request body is the one
    /// the client sent (`.full`) — nil for bodies stored before this was kept.
    public var bodyCapture: RequestLogConfig.BodyCapture?
    /// The request body's length as received (the stored one is capped at `control.recent_body_bytes`).
    public var requestBodyLength: Int?

    public init(
        requestID: String, timeMs: Int64, keyID: String? = nil, endpoint: String, route: String, provider: String, model: String, status: Int,
        attempts: Int, stream: Bool, latencyMs: Double, overheadUs: Int64 = 0, promptTokens: Int = 0, completionTokens: Int = 0,
        costMicros: Int64? = nil, cache: String = "bypass", errorMessage: String? = nil, providerRequestID: String? = nil,
        replayOf: String? = nil, requestBody: String? = nil, responseBody: String? = nil
    ) {
        self.requestID = requestID
        self.timeMs = timeMs
        self.keyID = keyID
        self.endpoint = endpoint
        self.route = route
        self.provider = provider
        self.model = model
        self.status = status
        self.attempts = attempts
        self.stream = stream
        self.latencyMs = latencyMs
        self.overheadUs = overheadUs
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costMicros = costMicros
        self.cache = cache
        self.errorMessage = errorMessage
        self.providerRequestID = providerRequestID
        self.replayOf = replayOf
        self.requestBody = requestBody
        self.responseBody = responseBody
    }

    enum CodingKeys: String, CodingKey {
        case endpoint, route, provider, model, status, attempts, stream, cache
        case requestID = "request_id"
        case timeMs = "time_ms"
        case keyID = "key_id"
        case latencyMs = "latency_ms"
        case overheadUs = "overhead_us"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case costMicros = "cost_micros"
        case errorMessage = "error"
        case providerRequestID = "provider_request_id"
        case replayOf = "replay_of"
        case requestBody = "request_body"
        case responseBody = "response_body"
    }
}

/// Which requests a search returns: every set field must match. Newest first.
public struct RequestLogQuery: Sendable, Hashable {
    public var keyID: String?
    public var route: String?
    public var provider: String?
    /// An exact status (429), or a class: 200 with `statusClass` (2xx).
    public var status: Int?
    public var statusClass: Int?
    public var fromMs: Int64?
    public var untilMs: Int64?
    public var minLatencyMs: Double?
    public var maxLatencyMs: Double?
    public var minCostMicros: Int64?
    /// Keyset pagination: only requests older than this one (the last of the previous page).
    public var before: RequestLogCursor?
    public var limit: Int

    public init(
        keyID: String? = nil, route: String? = nil, provider: String? = nil, status: Int? = nil, statusClass: Int? = nil, fromMs: Int64? = nil,
        untilMs: Int64? = nil, minLatencyMs: Double? = nil, maxLatencyMs: Double? = nil, minCostMicros: Int64? = nil,
        before: RequestLogCursor? = nil, limit: Int = 50
    ) {
        self.keyID = keyID
        self.route = route
        self.provider = provider
        self.status = status
        self.statusClass = statusClass
        self.fromMs = fromMs
        self.untilMs = untilMs
        self.minLatencyMs = minLatencyMs
        self.maxLatencyMs = maxLatencyMs
        self.minCostMicros = minCostMicros
        self.before = before
        self.limit = limit
    }
}

/// A position in the log (time, then row id): pages continue after it.
public struct RequestLogCursor: Sendable, Hashable {
    public var timeMs: Int64
    public var rowID: Int64

    public init(timeMs: Int64, rowID: Int64) {
        self.timeMs = timeMs
        self.rowID = rowID
    }

    /// `TIME-ROWID`, as the admin API hands it out.
    public init?(text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let time = Int64(parts[0]), let row = Int64(parts[1]) else { return nil }
        self.init(timeMs: time, rowID: row)
    }

    public var text: String { "\(timeMs)-\(rowID)" }
}

/// One page of a search and where the next one starts (nil: no more).
public struct RequestLogPage: Sendable, Hashable {
    public var records: [RequestLogRecord]
    public var next: RequestLogCursor?
}
