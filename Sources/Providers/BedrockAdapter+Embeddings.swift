import Foundation
public import SignalboxCore

/// Embeddings through InvokeModel (`POST /model/{modelId}/invoke`), whose body is the model's own
/// format: Cohere Embed takes a list of texts, Titan one `inputText` per request.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html
extension BedrockAdapter {
    public func embeddingsRequest(_ request: EmbeddingRequest, key: ProviderKeyConfig?) throws -> OutboundRequest {
        let texts: [String]
        switch request.input {
        case .text, .texts: texts = request.input.texts
        case .tokens, .tokenBatches:
            throw GatewayError.invalidRequest("Bedrock embeddings take text input, not token ids.", param: "input")
        }
        guard !texts.isEmpty else { throw GatewayError.invalidRequest("'input' must not be empty.", param: "input") }
        let body: [UInt8]
        if Self.isCohereEmbed(request.model) {
            // https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-embed.html
            let cohere = BedrockCohereEmbedding.Request(
                texts: texts, inputType: request.extras["input_type"]?.stringValue ?? "search_document",
                truncate: request.extras["truncate"]?.stringValue)
            body = try [UInt8](Self.encoder.encode(cohere))
        } else {
            // https://docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html
            guard texts.count == 1 else {
                throw GatewayError.invalidRequest(
                    "Bedrock's Titan embedding models embed one text per request; send \(texts.count) requests of one input each.",
                    param: "input")
            }
            var dimensions: Int?
            if case .number(let value)? = request.extras["dimensions"] { dimensions = Int(value) }
            var normalize: Bool?
            if case .bool(let value)? = request.extras["normalize"] { normalize = value }
            body = try [UInt8](
                Self.encoder.encode(BedrockTitanEmbedding.Request(inputText: texts[0], dimensions: dimensions, normalize: normalize)))
        }
        return try post(path: "/model/\(Self.encodedModelID(request.model))/invoke", body: body, accept: "application/json", key: key)
    }

    public func embeddingsResponse(body: [UInt8], model: String) throws -> EmbeddingResponse? {
        do {
            if Self.isCohereEmbed(model) {
                let answer = try SharedJSONCoders.decoder.decode(BedrockCohereEmbedding.Response.self, from: Data(body))
                let items = answer.vectors.enumerated().map { EmbeddingResponse.Item(index: $0.offset, embedding: $0.element) }
                // Cohere on Bedrock reports no token count.
                return EmbeddingResponse(data: items, model: model, usage: nil)
            }
            let answer = try SharedJSONCoders.decoder.decode(BedrockTitanEmbedding.Response.self, from: Data(body))
            let tokens = answer.inputTextTokenCount ?? 0
            return EmbeddingResponse(
                data: [.init(index: 0, embedding: answer.embedding)], model: model, usage: Usage(promptTokens: tokens, completionTokens: 0))
        } catch {
            throw GatewayError.upstreamUnavailable(provider: provider.id, reason: "unreadable InvokeModel embeddings answer (\(error))")
        }
    }

    /// Cohere's embedding models (`cohere.embed-english-v3`, `us.cohere.embed-v4:0`, …).
    static func isCohereEmbed(_ model: String) -> Bool {
        model.lowercased().contains("cohere.embed")
    }
}
