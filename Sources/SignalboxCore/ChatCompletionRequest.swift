/// The canonical request: OpenAI's Chat Completions schema. Fields Signalbox interprets are typed;
/// every other field is kept in `extras` and sent on to the provider unchanged.
public struct ChatCompletionRequest: Sendable, Hashable {
    public struct StreamOptions: Sendable, Hashable {
        public var includeUsage: Bool?
        public var extras: [String: JSONValue]

        public init(includeUsage: Bool? = nil, extras: [String: JSONValue] = [:]) {
            self.includeUsage = includeUsage
            self.extras = extras
        }
    }

    public var model: String
    public var messages: [ChatMessage]
    public var stream: Bool?
    public var streamOptions: StreamOptions?
    public var tools: [Tool]?
    public var toolChoice: JSONValue?
    public var temperature: Double?
    public var topP: Double?
    public var maxTokens: Int?
    public var maxCompletionTokens: Int?
    public var stop: [String]?
    public var extras: [String: JSONValue]

    public init(
        model: String, messages: [ChatMessage], stream: Bool? = nil, streamOptions: StreamOptions? = nil, tools: [Tool]? = nil,
        toolChoice: JSONValue? = nil, temperature: Double? = nil, topP: Double? = nil, maxTokens: Int? = nil,
        maxCompletionTokens: Int? = nil, stop: [String]? = nil, extras: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.messages = messages
        self.stream = stream
        self.streamOptions = streamOptions
        self.tools = tools
        self.toolChoice = toolChoice
        self.temperature = temperature
        self.topP = topP
        self.maxTokens = maxTokens
        self.maxCompletionTokens = maxCompletionTokens
        self.stop = stop
        self.extras = extras
    }

    public var isStreaming: Bool { stream ?? false }
}

extension ChatCompletionRequest: Codable {
    /// One pass over the keys the client sent (most requests carry two or three of the eleven
    /// typed fields), instead of a lookup per typed field and a second pass for the extras.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        var model: String?
        var messages: [ChatMessage]?
        var extras: [String: JSONValue] = [:]
        for key in c.allKeys {
            switch key.stringValue {
            case "model": model = try c.decode(String.self, forKey: key)
            case "messages": messages = try c.decode([ChatMessage].self, forKey: key)
            case "stream": stream = try c.decodeIfPresent(Bool.self, forKey: key)
            case "stream_options": streamOptions = try c.decodeIfPresent(StreamOptions.self, forKey: key)
            case "tools": tools = try c.decodeIfPresent([Tool].self, forKey: key)
            case "tool_choice": toolChoice = try c.decodeIfPresent(JSONValue.self, forKey: key)
            case "temperature": temperature = try c.decodeIfPresent(Double.self, forKey: key)
            case "top_p": topP = try c.decodeIfPresent(Double.self, forKey: key)
            case "max_tokens": maxTokens = try c.decodeIfPresent(Int.self, forKey: key)
            case "max_completion_tokens": maxCompletionTokens = try c.decodeIfPresent(Int.self, forKey: key)
            case "stop":
                if let single = try? c.decodeIfPresent(String.self, forKey: key) {
                    stop = [single]
                } else {
                    stop = try c.decodeIfPresent([String].self, forKey: key)
                }
            default: extras[key.stringValue] = try c.decode(JSONValue.self, forKey: key)
            }
        }
        guard let model else { throw DynamicCodingKey.missing("model", in: c) }
        guard let messages else { throw DynamicCodingKey.missing("messages", in: c) }
        self.model = model
        self.messages = messages
        self.extras = extras
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        try c.encode(model, forKey: key("model"))
        try c.encode(messages, forKey: key("messages"))
        try c.encodeIfPresent(stream, forKey: key("stream"))
        try c.encodeIfPresent(streamOptions, forKey: key("stream_options"))
        try c.encodeIfPresent(tools, forKey: key("tools"))
        try c.encodeIfPresent(toolChoice, forKey: key("tool_choice"))
        try c.encodeIfPresent(temperature, forKey: key("temperature"))
        try c.encodeIfPresent(topP, forKey: key("top_p"))
        try c.encodeIfPresent(maxTokens, forKey: key("max_tokens"))
        try c.encodeIfPresent(maxCompletionTokens, forKey: key("max_completion_tokens"))
        try c.encodeIfPresent(stop, forKey: key("stop"))
        try c.encodeExtras(extras)
    }
}

extension ChatCompletionRequest.StreamOptions: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        var extras: [String: JSONValue] = [:]
        for key in c.allKeys {
            if key.stringValue == "include_usage" {
                includeUsage = try c.decodeIfPresent(Bool.self, forKey: key)
            } else {
                extras[key.stringValue] = try c.decode(JSONValue.self, forKey: key)
            }
        }
        self.extras = extras
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        try c.encodeIfPresent(includeUsage, forKey: DynamicCodingKey("include_usage"))
        try c.encodeExtras(extras)
    }
}
