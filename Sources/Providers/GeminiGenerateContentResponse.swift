public import SignalboxCore

/// The answer of `generateContent`, and each SSE event of `streamGenerateContent?alt=sse`.
/// https://ai.google.dev/api/generate-content#generatecontentresponse
public struct GeminiGenerateContentResponse: Sendable, Hashable, Codable {
    /// Set when the prompt itself was blocked (then there are no candidates).
    /// https://ai.google.dev/api/generate-content#PromptFeedback
    public struct PromptFeedback: Sendable, Hashable, Codable {
        public var blockReason: String?
        public var safetyRatings: [JSONValue]?

        public init(blockReason: String?, safetyRatings: [JSONValue]? = nil) {
            self.blockReason = blockReason
            self.safetyRatings = safetyRatings
        }
    }

    public var candidates: [GeminiCandidate]?
    public var promptFeedback: PromptFeedback?
    public var usageMetadata: GeminiUsageMetadata?
    public var modelVersion: String?
    public var responseId: String?

    public init(
        candidates: [GeminiCandidate]?, promptFeedback: PromptFeedback? = nil, usageMetadata: GeminiUsageMetadata? = nil,
        modelVersion: String? = nil, responseId: String? = nil
    ) {
        self.candidates = candidates
        self.promptFeedback = promptFeedback
        self.usageMetadata = usageMetadata
        self.modelVersion = modelVersion
        self.responseId = responseId
    }
}
