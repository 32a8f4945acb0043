/// One message of a chat conversation in the canonical (OpenAI Chat Completions) schema.
public struct ChatMessage: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, Codable, CaseIterable {
        case system, developer, user, assistant, tool, function
    }

    public var role: Role
    public var content: MessageContent?
    public var name: String?
    public var toolCalls: [ToolCall]?
    public var toolCallID: String?
    /// Fields Signalbox does not interpret (e.g. `refusal`, `audio`), passed through unchanged.
    public var extras: [String: JSONValue]

    public init(
        role: Role, content: MessageContent?, name: String? = nil, toolCalls: [ToolCall]? = nil, toolCallID: String? = nil,
        extras: [String: JSONValue] = [:]
    ) {
        self.role = role
        self.content = content
        self.name = name
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.extras = extras
    }
}

extension ChatMessage: Codable {
    /// One pass over the message's keys (see `ChatCompletionRequest.init(from:)`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        var role: Role?
        var extras: [String: JSONValue] = [:]
        for key in c.allKeys {
            switch key.stringValue {
            case "role":
                let roleName = try c.decode(String.self, forKey: key)
                guard let known = Role(rawValue: roleName) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: c, debugDescription: "'\(roleName)' is not one of system, developer, user, assistant, tool")
                }
                role = known
            case "content": content = try c.decodeIfPresent(MessageContent.self, forKey: key)
            case "name": name = try c.decodeIfPresent(String.self, forKey: key)
            case "tool_calls": toolCalls = try c.decodeIfPresent([ToolCall].self, forKey: key)
            case "tool_call_id": toolCallID = try c.decodeIfPresent(String.self, forKey: key)
            default: extras[key.stringValue] = try c.decode(JSONValue.self, forKey: key)
            }
        }
        guard let role else { throw DynamicCodingKey.missing("role", in: c) }
        self.role = role
        self.extras = extras
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        try c.encode(role, forKey: DynamicCodingKey("role"))
        if let content {
            try c.encode(content, forKey: DynamicCodingKey("content"))
        } else {
            try c.encodeNil(forKey: DynamicCodingKey("content"))
        }
        try c.encodeIfPresent(name, forKey: DynamicCodingKey("name"))
        try c.encodeIfPresent(toolCalls, forKey: DynamicCodingKey("tool_calls"))
        try c.encodeIfPresent(toolCallID, forKey: DynamicCodingKey("tool_call_id"))
        try c.encodeExtras(extras)
    }
}

/// Message content: a plain string or a list of typed parts (text, images, audio, files).
public enum MessageContent: Sendable, Hashable, Codable {
    case text(String)
    case parts([ContentPart])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .parts(try container.decode([ContentPart].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .parts(let parts): try container.encode(parts)
        }
    }

    /// The text of the content, parts joined by newlines; non-text parts are skipped.
    public var plainText: String {
        switch self {
        case .text(let text): return text
        case .parts(let parts):
            return parts.compactMap { part in
                if case .text(let text) = part { return text }
                return nil
            }.joined(separator: "\n")
        }
    }
}

/// One part of a multi-part message.
public enum ContentPart: Sendable, Hashable, Codable {
    case text(String)
    case imageURL(url: String, detail: String?)
    /// Any other part type (`input_audio`, `file`, …) kept verbatim.
    case other(type: String, fields: [String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        let type = try c.decode(String.self, forKey: DynamicCodingKey("type"))
        switch type {
        case "text":
            self = .text(try c.decode(String.self, forKey: DynamicCodingKey("text")))
        case "image_url":
            let image = try c.nestedContainer(keyedBy: DynamicCodingKey.self, forKey: DynamicCodingKey("image_url"))
            self = .imageURL(
                url: try image.decode(String.self, forKey: DynamicCodingKey("url")),
                detail: try image.decodeIfPresent(String.self, forKey: DynamicCodingKey("detail")))
        default:
            self = .other(type: type, fields: try c.decodeExtras(excluding: ["type"]))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        switch self {
        case .text(let text):
            try c.encode("text", forKey: DynamicCodingKey("type"))
            try c.encode(text, forKey: DynamicCodingKey("text"))
        case .imageURL(let url, let detail):
            try c.encode("image_url", forKey: DynamicCodingKey("type"))
            var image = c.nestedContainer(keyedBy: DynamicCodingKey.self, forKey: DynamicCodingKey("image_url"))
            try image.encode(url, forKey: DynamicCodingKey("url"))
            try image.encodeIfPresent(detail, forKey: DynamicCodingKey("detail"))
        case .other(let type, let fields):
            try c.encode(type, forKey: DynamicCodingKey("type"))
            try c.encodeExtras(fields)
        }
    }
}
