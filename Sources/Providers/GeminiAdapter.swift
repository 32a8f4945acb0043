import Foundation
public import SignalboxCore

/// Google's Gemini API (Generative Language API, `generativelanguage.googleapis.com/v1beta`), keyed
/// with an API key from AI Studio. Requests and answers are translated to and from the canonical
/// schema. Reference: https://ai.google.dev/api/generate-content
public struct GeminiAdapter: ProviderAdapter {
    public let provider: ProviderConfig
    let wire: GeminiWireFormat

    /// `clock` gives `created` (seconds since 1970); `makeID` the completion id when Gemini sends no
    /// `responseId`. Both are injectable so translations are deterministic in tests.
    public init(
        provider: ProviderConfig, clock: @escaping @Sendable () -> Int = GeminiAdapter.secondsSince1970,
        makeID: @escaping @Sendable () -> String = GeminiAdapter.randomCompletionID
    ) {
        self.provider = provider
        self.wire = GeminiWireFormat(provider: provider, clock: clock, makeID: makeID)
    }

    /// Google documents no request-id response header for the Gemini API (the answer's own id is
    /// `responseId`, which becomes the completion id). Its front ends send `x-goog-request-id` on
    /// some APIs; it is recorded when present.
    public var requestIDHeader: String { "x-goog-request-id" }

    public static func secondsSince1970() -> Int { Int(Date().timeIntervalSince1970) }

    public static func randomCompletionID() -> String {
        "chatcmpl-" + RequestID.make(nowMilliseconds: UInt64(Date().timeIntervalSince1970 * 1000)).rawValue
    }

    // https://ai.google.dev/api/generate-content#method:-models.generatecontent and
    // https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent (alt=sse: one
    // JSON response per SSE event instead of one JSON array).
    public func chatCompletionRequest(_ request: ChatCompletionRequest, verbatimBody: [UInt8]?, key: ProviderKeyConfig?) throws
        -> OutboundRequest
    {
        let method = request.isStreaming ? ":streamGenerateContent?alt=sse" : ":generateContent"
        return wire.post(url: modelURL(request.model) + method, body: try wire.chatBody(request), auth: auth(key))
    }

    // https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
    public func embeddingsRequest(_ request: EmbeddingRequest, key: ProviderKeyConfig?) throws -> OutboundRequest {
        let (texts, dimensions) = try GeminiWireFormat.embeddingInputs(request)
        let name = "models/" + GeminiWireFormat.modelID(request.model)
        let body = GeminiBatchEmbedContentsRequest(
            requests: texts.map { .init(model: name, content: GeminiContent(role: nil, parts: [.text($0)]), outputDimensionality: dimensions) })
        return wire.post(
            url: modelURL(request.model) + ":batchEmbedContents", body: [UInt8](try SharedJSONCoders.encoder.encode(body)), auth: auth(key))
    }

    /// A GET with the key in `x-goog-api-key` (e.g. `path: /models`, https://ai.google.dev/api/models#method:-models.list).
    public func healthCheckRequest(path: String, key: ProviderKeyConfig?) -> OutboundRequest {
        bearerGET(path: path, key: key, credential: key.map { ("x-goog-api-key", $0.secret.reveal()) })
    }

    public func error(status: Int, headers: [HTTPField], body: [UInt8]) -> GatewayError {
        wire.error(status: status, headers: headers, body: body)
    }

    public func chatCompletionResponse(body: [UInt8], model: String) throws -> ChatCompletionResponse? {
        try wire.chatCompletion(body: body, model: model)
    }

    public func makeStreamTranslator(model: String) -> (any ProviderStreamTranslator)? {
        wire.streamTranslator(model: model)
    }

    /// The batch answer carries no token counts: usage is reported as 0 prompt tokens.
    public func embeddingsResponse(body: [UInt8], model: String) throws -> EmbeddingResponse? {
        let response = try wire.decode(GeminiBatchEmbedContentsResponse.self, body, what: "BatchEmbedContentsResponse")
        let items = response.embeddings.enumerated().map { EmbeddingResponse.Item(index: $0.offset, embedding: $0.element.values) }
        return EmbeddingResponse(data: items, model: model, usage: Usage(promptTokens: 0, completionTokens: 0))
    }

    private func modelURL(_ model: String) -> String {
        provider.baseURL + "/models/" + GeminiWireFormat.modelID(model)
    }

    /// https://ai.google.dev/api#authentication — the key in `x-goog-api-key` (never in the URL,
    /// where it would end up in logs).
    private func auth(_ key: ProviderKeyConfig?) -> HTTPField? {
        guard let key, !key.secret.isEmpty else { return nil }
        return HTTPField("x-goog-api-key", key.secret.reveal())
    }
}
