/// The answer of Vertex AI's text-embedding `:predict`: one prediction per instance, in order, each
/// with its vector and the input's token count.
/// https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api#response_body
public struct VertexPredictEmbeddingsResponse: Sendable, Hashable, Codable {
    public struct Prediction: Sendable, Hashable, Codable {
        public struct Embeddings: Sendable, Hashable, Codable {
            public struct Statistics: Sendable, Hashable, Codable {
                public var truncated: Bool?
                /// Sent as a JSON number (sometimes with a fraction, e.g. `6.0`).
                public var tokenCount: Double?

                enum CodingKeys: String, CodingKey {
                    case truncated
                    case tokenCount = "token_count"
                }

                public init(truncated: Bool? = nil, tokenCount: Double? = nil) {
                    self.truncated = truncated
                    self.tokenCount = tokenCount
                }
            }

            public var values: [Double]
            public var statistics: Statistics?

            public init(values: [Double], statistics: Statistics? = nil) {
                self.values = values
                self.statistics = statistics
            }
        }

        public var embeddings: Embeddings

        public init(embeddings: Embeddings) { self.embeddings = embeddings }
    }

    public var predictions: [Prediction]

    public init(predictions: [Prediction]) { self.predictions = predictions }
}
