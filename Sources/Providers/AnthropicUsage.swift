public import SignalboxCore

/// Token counts of a Messages answer. In a stream, `message_start` carries the input counts and
/// `message_delta` the cumulative output count (and, in newer API versions, the input counts again).
// https://docs.anthropic.com/en/api/messages (Usage)
public struct AnthropicUsage: Sendable, Hashable, Codable {
    public var inputTokens: Int?
    public var outputTokens: Int?
    public var cacheCreationInputTokens: Int?
    public var cacheReadInputTokens: Int?

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens"
        case outputTokens = "output_tokens"
        case cacheCreationInputTokens = "cache_creation_input_tokens"
        case cacheReadInputTokens = "cache_read_input_tokens"
    }

    public init(inputTokens: Int? = nil, outputTokens: Int? = nil, cacheCreationInputTokens: Int? = nil, cacheReadInputTokens: Int? = nil) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheCreationInputTokens = cacheCreationInputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
    }

    /// The canonical usage. "Total input tokens in a request is the summation of `input_tokens`,
    /// `cache_creation_input_tokens`, and `cache_read_input_tokens`" (Usage, Messages reference),
    /// so OpenAI's `prompt_tokens` is that sum and `cached_tokens` the cache reads.
    public var canonical: Usage {
        let prompt = (inputTokens ?? 0) + (cacheReadInputTokens ?? 0) + (cacheCreationInputTokens ?? 0)
        var usage = Usage(promptTokens: prompt, completionTokens: outputTokens ?? 0)
        if let cacheReadInputTokens {
            usage.promptTokensDetails = .init(cachedTokens: cacheReadInputTokens)
        }
        return usage
    }

    /// Anthropic's counts for a canonical usage: cached prompt tokens become cache reads.
    public init(canonical usage: Usage) {
        let cached = usage.promptTokensDetails?.cachedTokens ?? 0
        self.init(
            inputTokens: max(0, usage.promptTokens - cached), outputTokens: usage.completionTokens,
            cacheReadInputTokens: cached > 0 ? cached : nil)
    }

    /// Later counts replace earlier ones, field by field (stream events carry partial usage).
    public mutating func merge(_ newer: AnthropicUsage) {
        inputTokens = newer.inputTokens ?? inputTokens
        outputTokens = newer.outputTokens ?? outputTokens
        cacheCreationInputTokens = newer.cacheCreationInputTokens ?? cacheCreationInputTokens
        cacheReadInputTokens = newer.cacheReadInputTokens ?? cacheReadInputTokens
    }
}
