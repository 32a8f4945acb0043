/// Token counts of one answer. https://ai.google.dev/api/generate-content#UsageMetadata
public struct GeminiUsageMetadata: Sendable, Hashable, Codable {
    /// Includes cached tokens.
    public var promptTokenCount: Int?
    public var cachedContentTokenCount: Int?
    public var candidatesTokenCount: Int?
    public var toolUsePromptTokenCount: Int?
    public var thoughtsTokenCount: Int?
    public var totalTokenCount: Int?

    public init(
        promptTokenCount: Int? = nil, cachedContentTokenCount: Int? = nil, candidatesTokenCount: Int? = nil,
        toolUsePromptTokenCount: Int? = nil, thoughtsTokenCount: Int? = nil, totalTokenCount: Int? = nil
    ) {
        self.promptTokenCount = promptTokenCount
        self.cachedContentTokenCount = cachedContentTokenCount
        self.candidatesTokenCount = candidatesTokenCount
        self.toolUsePromptTokenCount = toolUsePromptTokenCount
        self.thoughtsTokenCount = thoughtsTokenCount
        self.totalTokenCount = totalTokenCount
    }
}
