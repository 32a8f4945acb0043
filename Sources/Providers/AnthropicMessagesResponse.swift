/// A Messages answer (`"type": "message"`), also the `message` of a stream's `message_start`
/// (with empty `content` and a null `stop_reason`).
// https://docs.anthropic.com/en/api/messages (Message)
public struct AnthropicMessagesResponse: Sendable, Hashable {
    public var id: String
    public var type: String
    public var role: String
    public var model: String
    public var content: [AnthropicContentBlock]
    /// `end_turn`, `max_tokens`, `stop_sequence`, `tool_use`, `pause_turn`, `refusal`, … (null in `message_start`).
    public var stopReason: String?
    public var stopSequence: String?
    /// Absent from some `message_start` examples; always present in whole answers.
    public var usage: AnthropicUsage?

    public init(
        id: String, model: String, content: [AnthropicContentBlock], stopReason: String?, stopSequence: String? = nil,
        usage: AnthropicUsage?
    ) {
        self.id = id
        self.type = "message"
        self.role = "assistant"
        self.model = model
        self.content = content
        self.stopReason = stopReason
        self.stopSequence = stopSequence
        self.usage = usage
    }
}

extension AnthropicMessagesResponse: Codable {
    enum CodingKeys: String, CodingKey {
        case id, type, role, model, content, usage
        case stopReason = "stop_reason"
        case stopSequence = "stop_sequence"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try c.decode(String.self, forKey: .id)
        self.type = try c.decodeIfPresent(String.self, forKey: .type) ?? "message"
        self.role = try c.decodeIfPresent(String.self, forKey: .role) ?? "assistant"
        self.model = try c.decodeIfPresent(String.self, forKey: .model) ?? ""
        self.content = try c.decodeIfPresent([AnthropicContentBlock].self, forKey: .content) ?? []
        self.stopReason = try c.decodeIfPresent(String.self, forKey: .stopReason)
        self.stopSequence = try c.decodeIfPresent(String.self, forKey: .stopSequence)
        self.usage = try c.decodeIfPresent(AnthropicUsage.self, forKey: .usage)
    }

    public func encode(to encoder: any Encoder) throws {
        // `stop_reason` and `stop_sequence` are always present (null when unset), as Anthropic sends them.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(role, forKey: .role)
        try c.encode(model, forKey: .model)
        try c.encode(content, forKey: .content)
        try c.encode(stopReason, forKey: .stopReason)
        try c.encode(stopSequence, forKey: .stopSequence)
        try c.encodeIfPresent(usage, forKey: .usage)
    }
}
