/// The base inference parameters every Converse model takes.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InferenceConfiguration.html
public struct BedrockInferenceConfig: Sendable, Hashable, Codable {
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var stopSequences: [String]?

    public init(maxTokens: Int? = nil, temperature: Double? = nil, topP: Double? = nil, stopSequences: [String]? = nil) {
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.stopSequences = stopSequences
    }

    var isEmpty: Bool { maxTokens == nil && temperature == nil && topP == nil && stopSequences == nil }
}
