import Foundation
public import SignalboxCore

/// Gemini on Google Cloud's Vertex AI. Same bodies, streams and errors as the Gemini API
/// (`GeminiWireFormat`); models live under the project and location, and requests carry an OAuth
/// access token (`Authorization: Bearer`, e.g. from `gcloud auth print-access-token`) that the
/// operator provides as the key, or that the engine's token refresher minted from the key's
/// service account (`GoogleServiceAccountToken`) and keeps as the key's current secret.
/// Reference: https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
public struct VertexAdapter: ProviderAdapter {
    public let provider: ProviderConfig
    let wire: GeminiWireFormat
    /// `{base}/projects/{project}/locations/{region}/publishers/google/models`, nil without project or region.
    private let modelsURL: String?

    public init(
        provider: ProviderConfig, clock: @escaping @Sendable () -> Int = GeminiAdapter.secondsSince1970,
        makeID: @escaping @Sendable () -> String = GeminiAdapter.randomCompletionID
    ) {
        self.provider = provider
        self.wire = GeminiWireFormat(provider: provider, clock: clock, makeID: makeID)
        if let project = provider.project, let region = provider.region {
            self.modelsURL = "\(provider.baseURL)/projects/\(project)/locations/\(region)/publishers/google/models"
        } else {
            self.modelsURL = nil
        }
    }

    /// Not documented for Vertex AI either; see `GeminiAdapter.requestIDHeader`.
    public var requestIDHeader: String { "x-goog-request-id" }

    // https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.publishers.models/generateContent
    // https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.publishers.models/streamGenerateContent
    public func chatCompletionRequest(_ request: ChatCompletionRequest, verbatimBody: [UInt8]?, key: ProviderKeyConfig?) throws
        -> OutboundRequest
    {
        let method = request.isStreaming ? ":streamGenerateContent?alt=sse" : ":generateContent"
        return wire.post(url: try modelURL(request.model) + method, body: try wire.chatBody(request), auth: try auth(key))
    }

    /// Text embeddings through `:predict`, one instance per text (gemini-embedding-001 takes one
    /// instance per request; text-embedding-005 up to 250).
    /// https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api
    public func embeddingsRequest(_ request: EmbeddingRequest, key: ProviderKeyConfig?) throws -> OutboundRequest {
        let (texts, dimensions) = try GeminiWireFormat.embeddingInputs(request)
        let body = VertexPredictEmbeddingsRequest(
            instances: texts.map { .init(content: $0) }, parameters: dimensions.map { .init(outputDimensionality: $0) })
        return wire.post(
            url: try modelURL(request.model) + ":predict", body: [UInt8](try SharedJSONCoders.encoder.encode(body)), auth: try auth(key))
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

    /// Prompt tokens are the sum of the predictions' `statistics.token_count`.
    public func embeddingsResponse(body: [UInt8], model: String) throws -> EmbeddingResponse? {
        let response = try wire.decode(VertexPredictEmbeddingsResponse.self, body, what: "Vertex AI embeddings prediction")
        let items = response.predictions.enumerated().map { EmbeddingResponse.Item(index: $0.offset, embedding: $0.element.embeddings.values) }
        let tokens = response.predictions.reduce(0) { $0 + Int($1.embeddings.statistics?.tokenCount ?? 0) }
        return EmbeddingResponse(data: items, model: model, usage: Usage(promptTokens: tokens, completionTokens: 0))
    }

    private func modelURL(_ model: String) throws -> String {
        guard let modelsURL else {
            // The config loader requires both for vertex; reaching this means a hand-built config.
            throw GatewayError.internalError("Vertex provider '\(provider.id)' needs 'project' and 'region' to name its models.")
        }
        return modelsURL + "/" + GeminiWireFormat.modelID(model)
    }

    /// https://cloud.google.com/docs/authentication/rest — an OAuth 2.0 access token as bearer. A
    /// service-account key has none until its first token arrives: refused with a short retry
    /// rather than sent unauthenticated.
    private func auth(_ key: ProviderKeyConfig?) throws -> HTTPField? {
        if let key, key.serviceAccount != nil, key.secret.isEmpty {
            throw GatewayError.providerUnavailable(
                "Vertex provider '\(provider.id)' key '\(key.id)' has no access token yet (its service account's token is being fetched).",
                retryAfter: 1)
        }
        guard let key, !key.secret.isEmpty else { return nil }
        return HTTPField("Authorization", "Bearer " + key.secret.reveal())
    }
}
