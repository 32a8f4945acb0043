/// A message's (or a tool result's, or the system prompt's) content: a plain string, shorthand
/// for one text block, or a list of blocks.
// https://docs.anthropic.com/en/api/messages (MessageParam.content: string or array of ContentBlockParam)
public enum AnthropicMessageContent: Sendable, Hashable, Codable {
    case text(String)
    case blocks([AnthropicContentBlock])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .blocks(try container.decode([AnthropicContentBlock].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .blocks(let blocks): try container.encode(blocks)
        }
    }

    /// The content as blocks (a string becomes one text block).
    public var blocks: [AnthropicContentBlock] {
        switch self {
        case .text(let text): [.text(text)]
        case .blocks(let blocks): blocks
        }
    }

    /// The text of the text blocks, joined with `separator`.
    public func joinedText(separator: String = "") -> String {
        switch self {
        case .text(let text): return text
        case .blocks(let blocks):
            return blocks.compactMap { block in
                if case .text(let text) = block { return text }
                return nil
            }.joined(separator: separator)
        }
    }
}
