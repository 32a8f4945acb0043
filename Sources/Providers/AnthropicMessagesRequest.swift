public import SignalboxCore

/// The body of `POST /v1/messages`. Fields Signalbox does not interpret (`top_k`, `thinking`,
/// `output_config`, `service_tier`, …) are kept in `extras` and sent as they are.
// https://docs.anthropic.com/en/api/messages
public struct AnthropicMessagesRequest: Sendable, Hashable {
    /// `metadata` of a request: only `user_id` is documented.
    public struct Metadata: Sendable, Hashable, Codable {
        public var userID: String?
        enum CodingKeys: String, CodingKey { case userID = "user_id" }
        public init(userID: String?) { self.userID = userID }
    }

    public var model: String
    public var messages: [AnthropicMessage]
    /// Required by Anthropic.
    public var maxTokens: Int
    /// A string or a list of text blocks.
    public var system: AnthropicMessageContent?
    public var metadata: Metadata?
    public var stopSequences: [String]?
    public var stream: Bool?
    public var temperature: Double?
    public var topP: Double?
    public var tools: [AnthropicTool]?
    public var toolChoice: AnthropicToolChoice?
    public var extras: [String: JSONValue]

    public init(
        model: String, messages: [AnthropicMessage], maxTokens: Int, system: AnthropicMessageContent? = nil, metadata: Metadata? = nil,
        stopSequences: [String]? = nil, stream: Bool? = nil, temperature: Double? = nil, topP: Double? = nil, tools: [AnthropicTool]? = nil,
        toolChoice: AnthropicToolChoice? = nil, extras: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.messages = messages
        self.maxTokens = maxTokens
        self.system = system
        self.metadata = metadata
        self.stopSequences = stopSequences
        self.stream = stream
        self.temperature = temperature
        self.topP = topP
        self.tools = tools
        self.toolChoice = toolChoice
        self.extras = extras
    }
}

extension AnthropicMessagesRequest: Codable {
    private static let known: Set<String> = [
        "model", "messages", "max_tokens", "system", "metadata", "stop_sequences", "stream", "temperature", "top_p", "tools",
        "tool_choice",
    ]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        self.model = try c.decode(String.self, forKey: key("model"))
        self.messages = try c.decode([AnthropicMessage].self, forKey: key("messages"))
        self.maxTokens = try c.decode(Int.self, forKey: key("max_tokens"))
        self.system = try c.decodeIfPresent(AnthropicMessageContent.self, forKey: key("system"))
        self.metadata = try c.decodeIfPresent(Metadata.self, forKey: key("metadata"))
        self.stopSequences = try c.decodeIfPresent([String].self, forKey: key("stop_sequences"))
        self.stream = try c.decodeIfPresent(Bool.self, forKey: key("stream"))
        self.temperature = try c.decodeIfPresent(Double.self, forKey: key("temperature"))
        self.topP = try c.decodeIfPresent(Double.self, forKey: key("top_p"))
        self.tools = try c.decodeIfPresent([AnthropicTool].self, forKey: key("tools"))
        self.toolChoice = try c.decodeIfPresent(AnthropicToolChoice.self, forKey: key("tool_choice"))
        self.extras = try c.decodeExtras(excluding: Self.known)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        try c.encode(model, forKey: key("model"))
        try c.encode(messages, forKey: key("messages"))
        try c.encode(maxTokens, forKey: key("max_tokens"))
        try c.encodeIfPresent(system, forKey: key("system"))
        try c.encodeIfPresent(metadata, forKey: key("metadata"))
        try c.encodeIfPresent(stopSequences, forKey: key("stop_sequences"))
        try c.encodeIfPresent(stream, forKey: key("stream"))
        try c.encodeIfPresent(temperature, forKey: key("temperature"))
        try c.encodeIfPresent(topP, forKey: key("top_p"))
        try c.encodeIfPresent(tools, forKey: key("tools"))
        try c.encodeIfPresent(toolChoice, forKey: key("tool_choice"))
        try c.encodeExtras(extras)
    }
}
