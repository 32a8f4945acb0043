/// The answer of `models.batchEmbedContents`: one embedding per request, in order. It carries no
/// token counts. https://ai.google.dev/api/embeddings#response-body_1
public struct GeminiBatchEmbedContentsResponse: Sendable, Hashable, Codable {
    /// https://ai.google.dev/api/embeddings#contentembedding
    public struct Embedding: Sendable, Hashable, Codable {
        public var values: [Double]

        public init(values: [Double]) { self.values = values }
    }

    public var embeddings: [Embedding]

    public init(embeddings: [Embedding]) { self.embeddings = embeddings }
}
