/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
public struct BedrockTokenUsage: Sendable, Hashable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var totalTokens: Int?
    public var cacheReadInputTokens: Int?
    public var cacheWriteInputTokens: Int?

    public init(
        inputTokens: Int, outputTokens: Int, totalTokens: Int? = nil, cacheReadInputTokens: Int? = nil, cacheWriteInputTokens: Int? = nil
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.totalTokens = totalTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.cacheWriteInputTokens = cacheWriteInputTokens
    }
}
