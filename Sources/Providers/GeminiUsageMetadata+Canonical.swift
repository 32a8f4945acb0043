public import SignalboxCore

extension GeminiUsageMetadata {
    /// OpenAI's usage: prompt = prompt (cached included) + tool-use prompt tokens; completion =
    /// candidates + thoughts (Gemini bills thoughts as output); cached and reasoning tokens in the details.
    /// https://ai.google.dev/api/generate-content#UsageMetadata
    public var canonicalUsage: Usage {
        let prompt = (promptTokenCount ?? 0) + (toolUsePromptTokenCount ?? 0)
        let completion = (candidatesTokenCount ?? 0) + (thoughtsTokenCount ?? 0)
        var usage = Usage(promptTokens: prompt, completionTokens: completion, totalTokens: totalTokenCount ?? prompt + completion)
        if let cached = cachedContentTokenCount { usage.promptTokensDetails = .init(cachedTokens: cached) }
        if let thoughts = thoughtsTokenCount { usage.completionTokensDetails = .init(reasoningTokens: thoughts) }
        return usage
    }
}
