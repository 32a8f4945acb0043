public import SignalboxCore

/// Sampling and output options. https://ai.google.dev/api/generate-content#GenerationConfig
public struct GeminiGenerationConfig: Sendable, Hashable, Codable {
    public var stopSequences: [String]?
    public var responseMimeType: String?
    /// The OpenAPI-subset schema; read, never sent (`responseJsonSchema` takes JSON Schema as is).
    public var responseSchema: JSONValue?
    public var responseJsonSchema: JSONValue?
    public var candidateCount: Int?
    public var maxOutputTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var seed: Int?
    public var presencePenalty: Double?
    public var frequencyPenalty: Double?

    public init(
        stopSequences: [String]? = nil, responseMimeType: String? = nil, responseSchema: JSONValue? = nil,
        responseJsonSchema: JSONValue? = nil, candidateCount: Int? = nil, maxOutputTokens: Int? = nil, temperature: Double? = nil,
        topP: Double? = nil, topK: Int? = nil, seed: Int? = nil, presencePenalty: Double? = nil, frequencyPenalty: Double? = nil
    ) {
        self.stopSequences = stopSequences
        self.responseMimeType = responseMimeType
        self.responseSchema = responseSchema
        self.responseJsonSchema = responseJsonSchema
        self.candidateCount = candidateCount
        self.maxOutputTokens = maxOutputTokens
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.seed = seed
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
    }

    /// True when no field is set (the request then leaves `generationConfig` out).
    public var isEmpty: Bool { self == GeminiGenerationConfig() }
}
