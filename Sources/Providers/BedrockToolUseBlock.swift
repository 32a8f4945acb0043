public import SignalboxCore

/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolUseBlock.html
public struct BedrockToolUseBlock: Sendable, Hashable, Codable {
    public var toolUseId: String
    public var name: String
    /// The arguments as a JSON document (OpenAI carries them as a JSON-encoded string).
    public var input: JSONValue

    public init(toolUseId: String, name: String, input: JSONValue) {
        self.toolUseId = toolUseId
        self.name = name
        self.input = input
    }
}
