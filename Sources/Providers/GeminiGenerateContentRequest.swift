public import SignalboxCore

/// The body of `models.generateContent` / `models.streamGenerateContent` (Gemini API and Vertex AI).
/// https://ai.google.dev/api/generate-content#request-body
public struct GeminiGenerateContentRequest: Sendable, Hashable, Codable {
    public var contents: [GeminiContent]
    public var systemInstruction: GeminiContent?
    public var tools: [GeminiTool]?
    public var toolConfig: GeminiToolConfig?
    public var generationConfig: GeminiGenerationConfig?
    public var safetySettings: [JSONValue]?
    public var cachedContent: String?

    public init(
        contents: [GeminiContent], systemInstruction: GeminiContent? = nil, tools: [GeminiTool]? = nil, toolConfig: GeminiToolConfig? = nil,
        generationConfig: GeminiGenerationConfig? = nil, safetySettings: [JSONValue]? = nil, cachedContent: String? = nil
    ) {
        self.contents = contents
        self.systemInstruction = systemInstruction
        self.tools = tools
        self.toolConfig = toolConfig
        self.generationConfig = generationConfig
        self.safetySettings = safetySettings
        self.cachedContent = cachedContent
    }
}
