/// One message of a v2 chat request (`system`, `user`, `assistant`, `tool`), or the assistant
/// message of an answer. Assistant messages carry `tool_calls` and the model's `tool_plan`; tool
/// messages answer one call by `tool_call_id`.
// https://docs.cohere.com/reference/chat
// https://docs.cohere.com/docs/tool-use
public struct CohereMessage: Sendable, Hashable, Codable {
    public var role: String
    public var content: CohereMessageContent?
    public var toolCalls: [CohereToolCall]?
    public var toolPlan: String?
    public var toolCallID: String?

    enum CodingKeys: String, CodingKey {
        case role, content
        case toolCalls = "tool_calls"
        case toolPlan = "tool_plan"
        case toolCallID = "tool_call_id"
    }

    public init(
        role: String, content: CohereMessageContent? = nil, toolCalls: [CohereToolCall]? = nil, toolPlan: String? = nil,
        toolCallID: String? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolPlan = toolPlan
        self.toolCallID = toolCallID
    }
}
