public import SignalboxCore

/// The body of a `POST /v2/embed` answer (`response_type: "embeddings_by_type"`): one list of
/// vectors per requested embedding type, in the order of the texts; billed tokens in `meta`.
// https://docs.cohere.com/reference/embed
public struct CohereEmbedResponse: Sendable, Hashable, Codable {
    public struct Embeddings: Sendable, Hashable, Codable {
        public var float: [[Double]]?

        public init(float: [[Double]]?) { self.float = float }
    }

    public struct Meta: Sendable, Hashable, Codable {
        public var billedUnits: CohereUsage.Counts?

        enum CodingKeys: String, CodingKey { case billedUnits = "billed_units" }

        public init(billedUnits: CohereUsage.Counts?) { self.billedUnits = billedUnits }
    }

    public var id: String?
    public var responseType: String?
    public var embeddings: Embeddings
    public var texts: [String]?
    public var meta: Meta?

    enum CodingKeys: String, CodingKey {
        case id, embeddings, texts, meta
        case responseType = "response_type"
    }

    public init(id: String?, embeddings: Embeddings, texts: [String]?, meta: Meta?, responseType: String? = "embeddings_by_type") {
        self.id = id
        self.responseType = responseType
        self.embeddings = embeddings
        self.texts = texts
        self.meta = meta
    }

    /// The canonical list: the float vectors in order, prompt tokens from `meta.billed_units`.
    public func canonical(model: String) -> EmbeddingResponse {
        let items = (embeddings.float ?? []).enumerated().map { EmbeddingResponse.Item(index: $0.offset, embedding: $0.element) }
        let usage = meta?.billedUnits?.inputTokens.map { Usage(promptTokens: Int($0), completionTokens: 0) }
        return EmbeddingResponse(data: items, model: model, usage: usage)
    }
}
