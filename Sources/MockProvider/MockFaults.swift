/// Faults the mock injects into `/v1` requests. Encoded with the snake_case keys of the control API
/// (`GET/PUT /_mock/faults`); every field has a default, so `{}` decodes to "no faults".
public struct MockFaults: Sendable, Codable, Equatable {
    /// Fail every request with this status (500, 502, 503, 429, …).
    public var status: Int?
    /// Seconds, sent as `Retry-After` with injected failures.
    public var retryAfter: Int?
    /// Probability in 0...1 that a request fails with `status ?? 500`; decided by the seeded generator.
    public var failRate: Double
    /// Delay before the response head.
    public var latencyMs: Int
    /// Content (or tool-argument) chunks per streamed reply.
    public var chunks: Int
    /// Delay between consecutive SSE events of a streamed reply.
    public var chunkDelayMs: Int
    /// Streamed replies: close the connection abruptly after this many content chunks, without `[DONE]`.
    public var cutAfter: Int?
    /// Never answer: hold the request until the client goes away or the mock stops.
    public var hang: Bool
    /// `error.code` of injected failures (default `mock_injected_failure`), e.g. `insufficient_quota`
    /// or `context_length_exceeded`.
    public var errorCode: String?
    /// When set, the faults above apply to this many more requests only (counted down as they
    /// arrive; `GET /_mock/faults` shows what is left), then requests are answered normally.
    public var failFirst: Int?

    public init(
        status: Int? = nil, retryAfter: Int? = nil, failRate: Double = 0, latencyMs: Int = 0, chunks: Int = 8, chunkDelayMs: Int = 0,
        cutAfter: Int? = nil, hang: Bool = false, failFirst: Int? = nil, errorCode: String? = nil
    ) {
        self.status = status
        self.retryAfter = retryAfter
        self.failRate = failRate
        self.latencyMs = latencyMs
        self.chunks = chunks
        self.chunkDelayMs = chunkDelayMs
        self.cutAfter = cutAfter
        self.hang = hang
        self.failFirst = failFirst
        self.errorCode = errorCode
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case status
        case retryAfter = "retry_after"
        case failRate = "fail_rate"
        case latencyMs = "latency_ms"
        case chunks
        case chunkDelayMs = "chunk_delay_ms"
        case cutAfter = "cut_after"
        case hang
        case failFirst = "fail_first"
        case errorCode = "error_code"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = MockFaults()
        self.status = try c.decodeIfPresent(Int.self, forKey: .status)
        self.retryAfter = try c.decodeIfPresent(Int.self, forKey: .retryAfter)
        self.failRate = try c.decodeIfPresent(Double.self, forKey: .failRate) ?? defaults.failRate
        self.latencyMs = try c.decodeIfPresent(Int.self, forKey: .latencyMs) ?? defaults.latencyMs
        self.chunks = try c.decodeIfPresent(Int.self, forKey: .chunks) ?? defaults.chunks
        self.chunkDelayMs = try c.decodeIfPresent(Int.self, forKey: .chunkDelayMs) ?? defaults.chunkDelayMs
        self.cutAfter = try c.decodeIfPresent(Int.self, forKey: .cutAfter)
        self.hang = try c.decodeIfPresent(Bool.self, forKey: .hang) ?? defaults.hang
        self.failFirst = try c.decodeIfPresent(Int.self, forKey: .failFirst)
        self.errorCode = try c.decodeIfPresent(String.self, forKey: .errorCode)
    }

    public func encode(to encoder: any Encoder) throws {
        // Optionals are written as `null` so a client sees every knob.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        try c.encode(retryAfter, forKey: .retryAfter)
        try c.encode(failRate, forKey: .failRate)
        try c.encode(latencyMs, forKey: .latencyMs)
        try c.encode(chunks, forKey: .chunks)
        try c.encode(chunkDelayMs, forKey: .chunkDelayMs)
        try c.encode(cutAfter, forKey: .cutAfter)
        try c.encode(hang, forKey: .hang)
        try c.encode(failFirst, forKey: .failFirst)
        try c.encode(errorCode, forKey: .errorCode)
    }

    /// The first problem that makes these faults unusable, phrased for the person who set them.
    public var validationError: String? {
        if let status, !(100...599).contains(status) { return "status must be an HTTP status in 100...599, got \(status)" }
        if let retryAfter, retryAfter < 0 { return "retry_after must be >= 0 seconds, got \(retryAfter)" }
        if !(0...1).contains(failRate) { return "fail_rate must be a probability in 0...1, got \(failRate)" }
        if latencyMs < 0 { return "latency_ms must be >= 0, got \(latencyMs)" }
        if chunks < 1 { return "chunks must be >= 1, got \(chunks)" }
        if chunkDelayMs < 0 { return "chunk_delay_ms must be >= 0, got \(chunkDelayMs)" }
        if let cutAfter, cutAfter < 0 { return "cut_after must be >= 0, got \(cutAfter)" }
        if let failFirst, failFirst < 0 { return "fail_first must be >= 0, got \(failFirst)" }
        return nil
    }
}
