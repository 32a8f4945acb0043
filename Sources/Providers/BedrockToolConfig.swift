public import SignalboxCore

/// `toolConfig` of a Converse request: the tools and, when supported by the model, the choice.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolConfiguration.html
public struct BedrockToolConfig: Sendable, Hashable, Codable {
    /// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Tool.html (`toolSpec` member)
    public struct Tool: Sendable, Hashable, Codable {
        public struct Spec: Sendable, Hashable, Codable {
            public struct InputSchema: Sendable, Hashable, Codable {
                public var json: JSONValue
                public init(json: JSONValue) { self.json = json }
            }

            public var name: String
            public var description: String?
            public var inputSchema: InputSchema

            public init(name: String, description: String?, inputSchema: InputSchema) {
                self.name = name
                self.description = description
                self.inputSchema = inputSchema
            }
        }

        public var toolSpec: Spec?

        public init(toolSpec: Spec) { self.toolSpec = toolSpec }
    }

    public var tools: [Tool]
    /// `{"auto":{}}`, `{"any":{}}` or `{"tool":{"name":…}}`.
    /// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolChoice.html
    public var toolChoice: JSONValue?

    public init(tools: [Tool], toolChoice: JSONValue? = nil) {
        self.tools = tools
        self.toolChoice = toolChoice
    }
}
