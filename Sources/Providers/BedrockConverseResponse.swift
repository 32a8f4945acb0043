/// The body of a Converse answer (the request id is only in the `x-amzn-RequestId` header).
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
public struct BedrockConverseResponse: Sendable, Hashable, Codable {
    public struct Output: Sendable, Hashable, Codable {
        public var message: BedrockMessage?
        public init(message: BedrockMessage?) { self.message = message }
    }

    public struct Metrics: Sendable, Hashable, Codable {
        public var latencyMs: Int
        public init(latencyMs: Int) { self.latencyMs = latencyMs }
    }

    public var output: Output
    /// `end_turn`, `tool_use`, `max_tokens`, `stop_sequence`, `guardrail_intervened`,
    /// `content_filtered`, `malformed_model_output`, `malformed_tool_use`, `model_context_window_exceeded`.
    public var stopReason: String
    public var usage: BedrockTokenUsage?
    public var metrics: Metrics?

    public init(output: Output, stopReason: String, usage: BedrockTokenUsage?, metrics: Metrics? = nil) {
        self.output = output
        self.stopReason = stopReason
        self.usage = usage
        self.metrics = metrics
    }
}
