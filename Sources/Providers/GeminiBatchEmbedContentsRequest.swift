/// The body of `models.batchEmbedContents`: one `EmbedContentRequest` per input text.
/// https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
public struct GeminiBatchEmbedContentsRequest: Sendable, Hashable, Codable {
    /// https://ai.google.dev/api/embeddings#EmbedContentRequest — `model` is "models/{model}".
    public struct Item: Sendable, Hashable, Codable {
        public var model: String
        public var content: GeminiContent
        public var taskType: String?
        public var outputDimensionality: Int?

        public init(model: String, content: GeminiContent, taskType: String? = nil, outputDimensionality: Int? = nil) {
            self.model = model
            self.content = content
            self.taskType = taskType
            self.outputDimensionality = outputDimensionality
        }
    }

    public var requests: [Item]

    public init(requests: [Item]) { self.requests = requests }
}
