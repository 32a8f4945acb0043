public import SignalboxCore

/// One generated answer. https://ai.google.dev/api/generate-content#candidate
public struct GeminiCandidate: Sendable, Hashable, Codable {
    public var content: GeminiContent?
    /// https://ai.google.dev/api/generate-content#FinishReason — absent while a stream continues.
    public var finishReason: String?
    public var index: Int?
    public var safetyRatings: [JSONValue]?
    public var finishMessage: String?

    public init(
        content: GeminiContent?, finishReason: String? = nil, index: Int? = nil, safetyRatings: [JSONValue]? = nil, finishMessage: String? = nil
    ) {
        self.content = content
        self.finishReason = finishReason
        self.index = index
        self.safetyRatings = safetyRatings
        self.finishMessage = finishMessage
    }
}
