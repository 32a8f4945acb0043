public import SignalboxCore

/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolResultBlock.html
public struct BedrockToolResultBlock: Sendable, Hashable, Codable {
    /// One item of `content` (a union): `json`, `text`, or another member kept verbatim.
    /// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolResultContentBlock.html
    public enum Content: Sendable, Hashable, Codable {
        case json(JSONValue)
        case text(String)
        case other(member: String, value: JSONValue)

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: DynamicCodingKey.self)
            guard c.allKeys.count == 1, let key = c.allKeys.first else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: decoder.codingPath, debugDescription: "a tool result content block must have exactly one member"))
            }
            switch key.stringValue {
            case "json": self = .json(try c.decode(JSONValue.self, forKey: key))
            case "text": self = .text(try c.decode(String.self, forKey: key))
            default: self = .other(member: key.stringValue, value: try c.decode(JSONValue.self, forKey: key))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: DynamicCodingKey.self)
            switch self {
            case .json(let value): try c.encode(value, forKey: DynamicCodingKey("json"))
            case .text(let text): try c.encode(text, forKey: DynamicCodingKey("text"))
            case .other(let member, let value): try c.encode(value, forKey: DynamicCodingKey(member))
            }
        }
    }

    public var toolUseId: String
    public var content: [Content]
    /// `success` or `error`; only some models accept it (Signalbox does not send it).
    public var status: String?

    public init(toolUseId: String, content: [Content], status: String? = nil) {
        self.toolUseId = toolUseId
        self.content = content
        self.status = status
    }
}
