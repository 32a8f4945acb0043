public import SignalboxCore

/// The body of `POST /v2/embed` for texts. `input_type` is required by v3 and later models;
/// `embedding_types` is required in v2; `output_dimension` is honoured by embed-v4 and later.
// https://docs.cohere.com/reference/embed
public struct CohereEmbedRequest: Sendable, Hashable, Codable {
    public var model: String
    public var texts: [String]
    public var inputType: String
    public var embeddingTypes: [String]
    public var outputDimension: Int?
    public var truncate: String?

    enum CodingKeys: String, CodingKey {
        case model, texts, truncate
        case inputType = "input_type"
        case embeddingTypes = "embedding_types"
        case outputDimension = "output_dimension"
    }

    public init(
        model: String, texts: [String], inputType: String = "search_document", embeddingTypes: [String] = ["float"],
        outputDimension: Int? = nil, truncate: String? = nil
    ) {
        self.model = model
        self.texts = texts
        self.inputType = inputType
        self.embeddingTypes = embeddingTypes
        self.outputDimension = outputDimension
        self.truncate = truncate
    }

    /// From a canonical request: `input` as `texts`, `dimensions` as `output_dimension`, and
    /// Cohere's `input_type` (default `search_document`) and `truncate` from extras. Token inputs
    /// have no Cohere counterpart and are refused.
    public init(canonical request: EmbeddingRequest) throws {
        switch request.input {
        case .tokens, .tokenBatches:
            throw GatewayError.invalidRequest("Cohere embeds text only: send 'input' as a string or an array of strings.", param: "input")
        case .text, .texts:
            break
        }
        var dimension: Int?
        if case .number(let value)? = request.extras["dimensions"], value.rounded() == value, value > 0, value < 1e9 {
            dimension = Int(value)
        }
        self.init(
            model: request.model, texts: request.input.texts, inputType: request.extras["input_type"]?.stringValue ?? "search_document",
            outputDimension: dimension, truncate: request.extras["truncate"]?.stringValue)
    }

    /// The canonical request (for the mock provider).
    public var canonical: EmbeddingRequest {
        var extras: [String: JSONValue] = ["input_type": .string(inputType)]
        if let outputDimension { extras["dimensions"] = .number(Double(outputDimension)) }
        return EmbeddingRequest(model: model, input: .texts(texts), extras: extras)
    }
}
