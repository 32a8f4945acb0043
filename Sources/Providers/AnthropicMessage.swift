/// One turn of the conversation in a Messages request. Anthropic has no system or tool roles: the
/// system prompt is top-level and tool results are blocks of a user turn.
// https://docs.anthropic.com/en/api/messages (MessageParam)
public struct AnthropicMessage: Sendable, Hashable, Codable {
    public enum Role: String, Sendable, Hashable, Codable {
        case user, assistant
    }

    public var role: Role
    public var content: AnthropicMessageContent

    public init(role: Role, content: AnthropicMessageContent) {
        self.role = role
        self.content = content
    }
}
