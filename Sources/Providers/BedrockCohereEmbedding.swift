import SignalboxCore

/// Cohere Embed (v3 and later) through InvokeModel: up to 96 texts per request.
/// https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html
public enum BedrockCohereEmbedding {
    public struct Request: Sendable, Hashable, Codable {
        public var texts: [String]
        /// `search_document`, `search_query`, `classification` or `clustering`.
        public var inputType: String
        public var truncate: String?

        enum CodingKeys: String, CodingKey {
            case texts, truncate
            case inputType = "input_type"
        }

        public init(texts: [String], inputType: String, truncate: String? = nil) {
            self.texts = texts
            self.inputType = inputType
            self.truncate = truncate
        }
    }

    /// `embeddings` is a list of float vectors (`response_type: embeddings_floats`) or, when
    /// `embedding_types` was given, an object keyed by type (`{"float": [[…]]}`).
    public struct Response: Sendable, Hashable, Decodable {
        public var vectors: [[Double]]

        enum CodingKeys: String, CodingKey { case embeddings }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let floats = try? c.decode([[Double]].self, forKey: .embeddings) {
                self.vectors = floats
            } else {
                let byType = try c.decode([String: JSONValue].self, forKey: .embeddings)
                guard case .array(let rows)? = byType["float"] else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .embeddings, in: c, debugDescription: "no float embeddings in the answer")
                }
                self.vectors = try rows.map { row in
                    guard case .array(let values) = row else {
                        throw DecodingError.dataCorruptedError(forKey: .embeddings, in: c, debugDescription: "embedding is not a list")
                    }
                    return try values.map { value in
                        guard case .number(let number) = value else {
                            throw DecodingError.dataCorruptedError(forKey: .embeddings, in: c, debugDescription: "embedding value is not a number")
                        }
                        return number
                    }
                }
            }
        }
    }
}
