/// The body of Vertex AI's text-embedding `:predict`: one instance per text.
/// https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api#request_body
public struct VertexPredictEmbeddingsRequest: Sendable, Hashable, Codable {
    public struct Instance: Sendable, Hashable, Codable {
        public var content: String
        public var taskType: String?

        enum CodingKeys: String, CodingKey {
            case content
            case taskType = "task_type"
        }

        public init(content: String, taskType: String? = nil) {
            self.content = content
            self.taskType = taskType
        }
    }

    /// https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/Shared.Types/TextEmbeddingPredictionParams
    public struct Parameters: Sendable, Hashable, Codable {
        public var outputDimensionality: Int?
        public var autoTruncate: Bool?

        public init(outputDimensionality: Int? = nil, autoTruncate: Bool? = nil) {
            self.outputDimensionality = outputDimensionality
            self.autoTruncate = autoTruncate
        }
    }

    public var instances: [Instance]
    public var parameters: Parameters?

    public init(instances: [Instance], parameters: Parameters? = nil) {
        self.instances = instances
        self.parameters = parameters
    }
}
