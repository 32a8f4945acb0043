/// Amazon Titan Text Embeddings (G1 and V2) through InvokeModel: one text per request.
/// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
public enum BedrockTitanEmbedding {
    public struct Request: Sendable, Hashable, Codable {
        public var inputText: String
        /// V2 only: 1024 (default), 512 or 256.
        public var dimensions: Int?
        /// V2 only; defaults to true.
        public var normalize: Bool?

        public init(inputText: String, dimensions: Int? = nil, normalize: Bool? = nil) {
            self.inputText = inputText
            self.dimensions = dimensions
            self.normalize = normalize
        }
    }

    public struct Response: Sendable, Hashable, Codable {
        public var embedding: [Double]
        public var inputTextTokenCount: Int?

        public init(embedding: [Double], inputTextTokenCount: Int?) {
            self.embedding = embedding
            self.inputTextTokenCount = inputTextTokenCount
        }
    }
}
