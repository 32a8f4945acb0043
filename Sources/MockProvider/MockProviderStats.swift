/// Counters of what the mock has seen and done since start or the last `reset()`.
/// Control endpoints (`/_mock/…`) are not counted.
public struct MockProviderStats: Sendable, Codable, Equatable, CustomStringConvertible {
    /// Every `/v1` request, whatever its outcome.
    public var requests: Int = 0
    public var chatRequests: Int = 0
    public var embeddingRequests: Int = 0
    public var modelsRequests: Int = 0
    /// Requests answered with an injected failure (`status` or `fail_rate`).
    public var failuresInjected: Int = 0
    /// Streamed replies whose response head was sent.
    public var streamsStarted: Int = 0
    /// Streams that ended with `data: [DONE]`.
    public var streamsCompleted: Int = 0
    /// Streams aborted on purpose by `cut_after`.
    public var streamsCut: Int = 0
    /// Streams ended early because the client went away (or the mock stopped).
    public var streamsCancelled: Int = 0
    /// Streams in progress now.
    public var activeStreams: Int = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case requests
        case chatRequests = "chat_requests"
        case embeddingRequests = "embedding_requests"
        case modelsRequests = "models_requests"
        case failuresInjected = "failures_injected"
        case streamsStarted = "streams_started"
        case streamsCompleted = "streams_completed"
        case streamsCut = "streams_cut"
        case streamsCancelled = "streams_cancelled"
        case activeStreams = "active_streams"
    }

    public var description: String {
        "requests=\(requests) chat=\(chatRequests) embeddings=\(embeddingRequests) models=\(modelsRequests) "
            + "failures_injected=\(failuresInjected) streams started=\(streamsStarted) completed=\(streamsCompleted) "
            + "cut=\(streamsCut) cancelled=\(streamsCancelled) active=\(activeStreams)"
    }
}
