public import SignalboxCore

/// The body of Converse and ConverseStream (both take the same fields; the model id is in the path).
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
public struct BedrockConverseRequest: Sendable, Hashable {
    /// Top-level Converse fields Signalbox does not build itself. A client may send them under
    /// these names (they cannot collide with OpenAI's) and they pass through unchanged.
    public static let passthroughFields: Set<String> = [
        "additionalModelRequestFields", "additionalModelResponseFieldPaths", "guardrailConfig", "performanceConfig",
        "promptVariables", "requestMetadata", "serviceTier", "outputConfig",
    ]

    public var messages: [BedrockMessage]
    public var system: [BedrockContentBlock]?
    public var inferenceConfig: BedrockInferenceConfig?
    public var toolConfig: BedrockToolConfig?
    /// The pass-through fields present, by name.
    public var extras: [String: JSONValue]

    public init(
        messages: [BedrockMessage], system: [BedrockContentBlock]? = nil, inferenceConfig: BedrockInferenceConfig? = nil,
        toolConfig: BedrockToolConfig? = nil, extras: [String: JSONValue] = [:]
    ) {
        self.messages = messages
        self.system = system
        self.inferenceConfig = inferenceConfig
        self.toolConfig = toolConfig
        self.extras = extras
    }
}

extension BedrockConverseRequest: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        self.messages = try c.decodeIfPresent([BedrockMessage].self, forKey: DynamicCodingKey("messages")) ?? []
        self.system = try c.decodeIfPresent([BedrockContentBlock].self, forKey: DynamicCodingKey("system"))
        self.inferenceConfig = try c.decodeIfPresent(BedrockInferenceConfig.self, forKey: DynamicCodingKey("inferenceConfig"))
        self.toolConfig = try c.decodeIfPresent(BedrockToolConfig.self, forKey: DynamicCodingKey("toolConfig"))
        self.extras = try c.decodeExtras(excluding: ["messages", "system", "inferenceConfig", "toolConfig"])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        try c.encode(messages, forKey: DynamicCodingKey("messages"))
        try c.encodeIfPresent(system, forKey: DynamicCodingKey("system"))
        try c.encodeIfPresent(inferenceConfig, forKey: DynamicCodingKey("inferenceConfig"))
        try c.encodeIfPresent(toolConfig, forKey: DynamicCodingKey("toolConfig"))
        try c.encodeExtras(extras)
    }
}
