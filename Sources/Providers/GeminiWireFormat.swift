import Foundation
import SignalboxCore

/// What the `gemini` and `vertex` adapters share: the same request and answer bodies, stream
/// events and error envelope; only URLs and credentials differ.
/// https://ai.google.dev/api/generate-content and
/// https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
struct GeminiWireFormat: Sendable {
    let provider: ProviderConfig
    let clock: @Sendable () -> Int
    let makeID: @Sendable () -> String
    /// Content-Type and the provider's configured headers, in a fixed order.
    let fixedHeaders: [HTTPField]

    init(provider: ProviderConfig, clock: @escaping @Sendable () -> Int, makeID: @escaping @Sendable () -> String) {
        self.provider = provider
        self.clock = clock
        self.makeID = makeID
        var headers = [HTTPField("Content-Type", "application/json")]
        for (name, value) in provider.headers.sorted(by: { $0.key < $1.key }) {
            headers.append(HTTPField(name, value))
        }
        self.fixedHeaders = headers
    }

    func post(url: String, body: [UInt8], auth: HTTPField?) -> OutboundRequest {
        var headers = fixedHeaders
        if let auth { headers.append(auth) }
        return OutboundRequest(
            method: .post, url: url, headers: headers, body: body, timeouts: provider.timeouts, httpVersion: provider.httpVersion,
            maxConnectionsPerHost: provider.maxConnections)
    }

    func chatBody(_ request: ChatCompletionRequest) throws -> [UInt8] {
        try [UInt8](SharedJSONCoders.encoder.encode(GeminiGenerateContentRequest(canonical: request)))
    }

    /// The model's path segment: a leading "models/" (Gemini's resource name) is dropped.
    static func modelID(_ model: String) -> String {
        model.hasPrefix("models/") ? String(model.dropFirst(7)) : model
    }

    func chatCompletion(body: [UInt8], model: String) throws -> ChatCompletionResponse {
        guard let response = try? SharedJSONCoders.decoder.decode(GeminiGenerateContentResponse.self, from: Data(body)) else {
            throw GatewayError.upstreamUnavailable(provider: provider.id, reason: "the answer is not a Gemini GenerateContentResponse")
        }
        return response.chatCompletion(fallbackID: response.responseId == nil ? makeID() : "", created: clock(), model: model)
    }

    func streamTranslator(model: String) -> GeminiStreamTranslator {
        GeminiStreamTranslator(provider: provider.id, model: model, created: clock(), fallbackID: makeID())
    }

    func error(status: Int, headers: [HTTPField], body: [UInt8]) -> GatewayError {
        let retryAfter = headers.first("retry-after")
        if let envelope = GeminiErrorBody.decode(body) {
            return envelope.gatewayError(provider: provider.id, status: status, retryAfterHeader: retryAfter)
        }
        // Not Google-shaped (a proxy's HTML page, a plain-text error): pass a bounded excerpt.
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .upstream(
            provider: provider.id, status: status, message: text.isEmpty ? "no error body" : text, type: nil, code: nil, param: nil,
            retryAfter: retryAfter.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
    }

    /// The texts to embed and the requested `dimensions`. Both Google APIs take text only.
    static func embeddingInputs(_ request: EmbeddingRequest) throws -> (texts: [String], dimensions: Int?) {
        switch request.input {
        case .tokens, .tokenBatches:
            throw GatewayError.invalidRequest("Google's embedding APIs take text input, not token arrays.", param: "input")
        case .text, .texts:
            guard !request.input.isEmpty else { throw GatewayError.invalidRequest("'input' must not be empty.", param: "input") }
        }
        var dimensions: Int?
        switch request.extras["dimensions"] {
        case .none, .some(.null): break
        case .some(.number(let value)) where value.rounded() == value && value >= 1 && value < 1e9: dimensions = Int(value)
        default: throw GatewayError.invalidRequest("'dimensions' must be a positive integer.", param: "dimensions")
        }
        return (request.input.texts, dimensions)
    }

    func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8], what: String) throws -> T {
        guard let value = try? SharedJSONCoders.decoder.decode(type, from: Data(body)) else {
            throw GatewayError.upstreamUnavailable(provider: provider.id, reason: "the answer is not a \(what)")
        }
        return value
    }
}
