/// How the model may use tools: `auto`, `any` (some tool), `tool` (the named one) or `none`.
// https://docs.anthropic.com/en/api/messages (ToolChoiceAuto, ToolChoiceAny, ToolChoiceTool, ToolChoiceNone)
public struct AnthropicToolChoice: Sendable, Hashable, Codable {
    public var type: String
    /// The tool to use, for `type: "tool"`.
    public var name: String?
    /// At most one tool call per answer (not allowed with `none`).
    public var disableParallelToolUse: Bool?

    enum CodingKeys: String, CodingKey {
        case type, name
        case disableParallelToolUse = "disable_parallel_tool_use"
    }

    public init(type: String, name: String? = nil, disableParallelToolUse: Bool? = nil) {
        self.type = type
        self.name = name
        self.disableParallelToolUse = disableParallelToolUse
    }
}
