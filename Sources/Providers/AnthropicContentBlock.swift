public import SignalboxCore

/// One content block of an Anthropic message, in requests and answers alike.
// https://docs.anthropic.com/en/api/messages (ContentBlockParam, ContentBlock)
public enum AnthropicContentBlock: Sendable, Hashable {
    case text(String)
    case image(AnthropicImageSource)
    /// A client tool call; `input` is the arguments object.
    case toolUse(id: String, name: String, input: JSONValue)
    /// The answer to a `tool_use`, sent in a user turn. `content` is a string or text/image blocks.
    case toolResult(toolUseID: String, content: AnthropicMessageContent?, isError: Bool?)
    /// Any other block (`thinking`, `document`, `server_tool_use`, …) kept verbatim.
    case other(type: String, fields: [String: JSONValue])

    /// The block's `type` on the wire.
    public var type: String {
        switch self {
        case .text: "text"
        case .image: "image"
        case .toolUse: "tool_use"
        case .toolResult: "tool_result"
        case .other(let type, _): type
        }
    }
}

extension AnthropicContentBlock: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        let type = try c.decode(String.self, forKey: key("type"))
        switch type {
        case "text":
            self = .text(try c.decode(String.self, forKey: key("text")))
        case "image":
            self = .image(try c.decode(AnthropicImageSource.self, forKey: key("source")))
        case "tool_use":
            self = .toolUse(
                id: try c.decode(String.self, forKey: key("id")), name: try c.decode(String.self, forKey: key("name")),
                input: try c.decodeIfPresent(JSONValue.self, forKey: key("input")) ?? .object([:]))
        case "tool_result":
            self = .toolResult(
                toolUseID: try c.decode(String.self, forKey: key("tool_use_id")),
                content: try c.decodeIfPresent(AnthropicMessageContent.self, forKey: key("content")),
                isError: try c.decodeIfPresent(Bool.self, forKey: key("is_error")))
        default:
            self = .other(type: type, fields: try c.decodeExtras(excluding: ["type"]))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        try c.encode(type, forKey: key("type"))
        switch self {
        case .text(let text):
            try c.encode(text, forKey: key("text"))
        case .image(let source):
            try c.encode(source, forKey: key("source"))
        case .toolUse(let id, let name, let input):
            try c.encode(id, forKey: key("id"))
            try c.encode(name, forKey: key("name"))
            try c.encode(input, forKey: key("input"))
        case .toolResult(let toolUseID, let content, let isError):
            try c.encode(toolUseID, forKey: key("tool_use_id"))
            try c.encodeIfPresent(content, forKey: key("content"))
            try c.encodeIfPresent(isError, forKey: key("is_error"))
        case .other(_, let fields):
            try c.encodeExtras(fields)
        }
    }
}
