public import SignalboxCore

/// The body of `POST /v2/chat`. Fields Signalbox translates are typed; Cohere's own fields that
/// have no OpenAI counterpart (`documents`, `citation_options`, `safety_mode`, `k`, `thinking`, …)
/// travel in `extras`.
// https://docs.cohere.com/reference/chat
// https://docs.cohere.com/reference/chat-stream
public struct CohereChatRequest: Sendable, Hashable {
    public var model: String
    public var messages: [CohereMessage]
    public var tools: [CohereTool]?
    public var strictTools: Bool?
    /// `REQUIRED` or `NONE`; absent lets the model decide.
    public var toolChoice: String?
    public var maxTokens: Int?
    public var temperature: Double?
    public var p: Double?
    public var stopSequences: [String]?
    public var seed: Int?
    public var frequencyPenalty: Double?
    public var presencePenalty: Double?
    public var responseFormat: CohereResponseFormat?
    public var stream: Bool?
    public var extras: [String: JSONValue]

    public init(
        model: String, messages: [CohereMessage], tools: [CohereTool]? = nil, strictTools: Bool? = nil, toolChoice: String? = nil,
        maxTokens: Int? = nil, temperature: Double? = nil, p: Double? = nil, stopSequences: [String]? = nil, seed: Int? = nil,
        frequencyPenalty: Double? = nil, presencePenalty: Double? = nil, responseFormat: CohereResponseFormat? = nil,
        stream: Bool? = nil, extras: [String: JSONValue] = [:]
    ) {
        self.model = model
        self.messages = messages
        self.tools = tools
        self.strictTools = strictTools
        self.toolChoice = toolChoice
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.p = p
        self.stopSequences = stopSequences
        self.seed = seed
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.responseFormat = responseFormat
        self.stream = stream
        self.extras = extras
    }
}

extension CohereChatRequest: Codable {
    private enum Key: String, CaseIterable {
        case model, messages, tools, p, seed, stream, temperature
        case strictTools = "strict_tools"
        case toolChoice = "tool_choice"
        case maxTokens = "max_tokens"
        case stopSequences = "stop_sequences"
        case frequencyPenalty = "frequency_penalty"
        case presencePenalty = "presence_penalty"
        case responseFormat = "response_format"

        var codingKey: DynamicCodingKey { DynamicCodingKey(rawValue) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        self.model = try c.decode(String.self, forKey: Key.model.codingKey)
        self.messages = try c.decode([CohereMessage].self, forKey: Key.messages.codingKey)
        self.tools = try c.decodeIfPresent([CohereTool].self, forKey: Key.tools.codingKey)
        self.strictTools = try c.decodeIfPresent(Bool.self, forKey: Key.strictTools.codingKey)
        self.toolChoice = try c.decodeIfPresent(String.self, forKey: Key.toolChoice.codingKey)
        self.maxTokens = try c.decodeIfPresent(Int.self, forKey: Key.maxTokens.codingKey)
        self.temperature = try c.decodeIfPresent(Double.self, forKey: Key.temperature.codingKey)
        self.p = try c.decodeIfPresent(Double.self, forKey: Key.p.codingKey)
        self.stopSequences = try c.decodeIfPresent([String].self, forKey: Key.stopSequences.codingKey)
        self.seed = try c.decodeIfPresent(Int.self, forKey: Key.seed.codingKey)
        self.frequencyPenalty = try c.decodeIfPresent(Double.self, forKey: Key.frequencyPenalty.codingKey)
        self.presencePenalty = try c.decodeIfPresent(Double.self, forKey: Key.presencePenalty.codingKey)
        self.responseFormat = try c.decodeIfPresent(CohereResponseFormat.self, forKey: Key.responseFormat.codingKey)
        self.stream = try c.decodeIfPresent(Bool.self, forKey: Key.stream.codingKey)
        self.extras = try c.decodeExtras(excluding: Set(Key.allCases.map(\.rawValue)))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        try c.encode(model, forKey: Key.model.codingKey)
        try c.encode(messages, forKey: Key.messages.codingKey)
        try c.encodeIfPresent(tools, forKey: Key.tools.codingKey)
        try c.encodeIfPresent(strictTools, forKey: Key.strictTools.codingKey)
        try c.encodeIfPresent(toolChoice, forKey: Key.toolChoice.codingKey)
        try c.encodeIfPresent(maxTokens, forKey: Key.maxTokens.codingKey)
        try c.encodeIfPresent(temperature, forKey: Key.temperature.codingKey)
        try c.encodeIfPresent(p, forKey: Key.p.codingKey)
        try c.encodeIfPresent(stopSequences, forKey: Key.stopSequences.codingKey)
        try c.encodeIfPresent(seed, forKey: Key.seed.codingKey)
        try c.encodeIfPresent(frequencyPenalty, forKey: Key.frequencyPenalty.codingKey)
        try c.encodeIfPresent(presencePenalty, forKey: Key.presencePenalty.codingKey)
        try c.encodeIfPresent(responseFormat, forKey: Key.responseFormat.codingKey)
        try c.encodeIfPresent(stream, forKey: Key.stream.codingKey)
        try c.encodeExtras(extras)
    }
}
