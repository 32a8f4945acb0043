public import SignalboxCore

/// The `delta` of a `content_block_delta` stream event.
// https://docs.anthropic.com/en/api/messages-streaming (content block delta types)
public enum AnthropicContentDelta: Sendable, Hashable {
    /// `{"type":"text_delta","text":"…"}`
    case text(String)
    /// `{"type":"input_json_delta","partial_json":"…"}`: a fragment of a `tool_use` block's input.
    case inputJSON(String)
    /// `thinking_delta`, `signature_delta`, `citations_delta`, … kept verbatim.
    case other(type: String, fields: [String: JSONValue])
}

extension AnthropicContentDelta: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        let type = try c.decode(String.self, forKey: DynamicCodingKey("type"))
        switch type {
        case "text_delta": self = .text(try c.decode(String.self, forKey: DynamicCodingKey("text")))
        case "input_json_delta": self = .inputJSON(try c.decode(String.self, forKey: DynamicCodingKey("partial_json")))
        default: self = .other(type: type, fields: try c.decodeExtras(excluding: ["type"]))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        switch self {
        case .text(let text):
            try c.encode("text_delta", forKey: DynamicCodingKey("type"))
            try c.encode(text, forKey: DynamicCodingKey("text"))
        case .inputJSON(let json):
            try c.encode("input_json_delta", forKey: DynamicCodingKey("type"))
            try c.encode(json, forKey: DynamicCodingKey("partial_json"))
        case .other(let type, let fields):
            try c.encode(type, forKey: DynamicCodingKey("type"))
            try c.encodeExtras(fields)
        }
    }
}
