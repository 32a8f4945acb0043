public import SignalboxCore

/// One block of a Converse message (a union: exactly one member is set). The members Signalbox
/// translates are typed; any other (`document`, `video`, `reasoningContent`, `cachePoint`,
/// `guardContent`, …) is kept verbatim.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlock.html
public enum BedrockContentBlock: Sendable, Hashable, Codable {
    case text(String)
    case image(BedrockImageBlock)
    case toolUse(BedrockToolUseBlock)
    case toolResult(BedrockToolResultBlock)
    case other(member: String, value: JSONValue)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "a content block must have exactly one member"))
        }
        switch key.stringValue {
        case "text": self = .text(try c.decode(String.self, forKey: key))
        case "image": self = .image(try c.decode(BedrockImageBlock.self, forKey: key))
        case "toolUse": self = .toolUse(try c.decode(BedrockToolUseBlock.self, forKey: key))
        case "toolResult": self = .toolResult(try c.decode(BedrockToolResultBlock.self, forKey: key))
        default: self = .other(member: key.stringValue, value: try c.decode(JSONValue.self, forKey: key))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        switch self {
        case .text(let text): try c.encode(text, forKey: DynamicCodingKey("text"))
        case .image(let image): try c.encode(image, forKey: DynamicCodingKey("image"))
        case .toolUse(let use): try c.encode(use, forKey: DynamicCodingKey("toolUse"))
        case .toolResult(let result): try c.encode(result, forKey: DynamicCodingKey("toolResult"))
        case .other(let member, let value): try c.encode(value, forKey: DynamicCodingKey(member))
        }
    }
}
