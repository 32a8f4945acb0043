/// The JSON payloads of ConverseStream's events, one struct per `:event-type`.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html
public enum BedrockStreamEvent {
    /// `messageStart`: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_MessageStartEvent.html
    public struct MessageStart: Sendable, Hashable, Codable {
        public var role: String
        public init(role: String) { self.role = role }
    }

    /// `contentBlockStart`: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlockStartEvent.html
    public struct ContentBlockStart: Sendable, Hashable, Codable {
        public struct Start: Sendable, Hashable, Codable {
            public struct ToolUse: Sendable, Hashable, Codable {
                public var toolUseId: String
                public var name: String
                public init(toolUseId: String, name: String) {
                    self.toolUseId = toolUseId
                    self.name = name
                }
            }
            public var toolUse: ToolUse?
            public init(toolUse: ToolUse?) { self.toolUse = toolUse }
        }
        public var contentBlockIndex: Int
        public var start: Start
        public init(contentBlockIndex: Int, start: Start) {
            self.contentBlockIndex = contentBlockIndex
            self.start = start
        }
    }

    /// `contentBlockDelta`: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlockDeltaEvent.html
    public struct ContentBlockDelta: Sendable, Hashable, Codable {
        /// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlockDelta.html
        public struct Delta: Sendable, Hashable, Codable {
            public struct ToolUse: Sendable, Hashable, Codable {
                /// A fragment of the JSON-encoded arguments.
                public var input: String
                public init(input: String) { self.input = input }
            }
            public var text: String?
            public var toolUse: ToolUse?
            public init(text: String? = nil, toolUse: ToolUse? = nil) {
                self.text = text
                self.toolUse = toolUse
            }
        }
        public var contentBlockIndex: Int
        public var delta: Delta
        public init(contentBlockIndex: Int, delta: Delta) {
            self.contentBlockIndex = contentBlockIndex
            self.delta = delta
        }
    }

    /// `contentBlockStop`: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ContentBlockStopEvent.html
    public struct ContentBlockStop: Sendable, Hashable, Codable {
        public var contentBlockIndex: Int
        public init(contentBlockIndex: Int) { self.contentBlockIndex = contentBlockIndex }
    }

    /// `messageStop`: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_MessageStopEvent.html
    public struct MessageStop: Sendable, Hashable, Codable {
        public var stopReason: String
        public init(stopReason: String) { self.stopReason = stopReason }
    }

    /// `metadata`: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamMetadataEvent.html
    public struct Metadata: Sendable, Hashable, Codable {
        public var usage: BedrockTokenUsage?
        public var metrics: BedrockConverseResponse.Metrics?
        public init(usage: BedrockTokenUsage?, metrics: BedrockConverseResponse.Metrics? = nil) {
            self.usage = usage
            self.metrics = metrics
        }
    }
}
