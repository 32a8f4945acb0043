public import SignalboxCore

/// Translates canonical requests into one provider family's HTTP requests, that provider's
/// answers (whole bodies and streams) back into canonical ones, and its errors into
/// `GatewayError`. Pure: no I/O, no state beyond the provider's configuration (and a clock where
/// a signature needs the time).
///
/// The canonical format is OpenAI's Chat Completions schema (DESIGN §1). Adapters for providers
/// that speak it (`openai`, `openai-compatible`, `azure`) return nil from the translation hooks
/// and their bytes pass through untouched — the fast path.
public protocol ProviderAdapter: Sendable {
    var provider: ProviderConfig { get }

    /// The provider's header that carries its own request id, for support tickets.
    var requestIDHeader: String { get }

    /// Builds the upstream request for a chat completion. `request.model` is already the
    /// provider's model name. `verbatimBody`, when given, is the client's body byte for byte and
    /// already equal to `request` in the canonical wire format; adapters that send the canonical
    /// format may send it as is instead of encoding `request` again.
    func chatCompletionRequest(_ request: ChatCompletionRequest, verbatimBody: [UInt8]?, key: ProviderKeyConfig?) throws -> OutboundRequest

    /// Builds the upstream request for embeddings. `request.model` is the provider's model name.
    /// Throws `GatewayError.invalidRequest` when the provider has no embeddings API.
    func embeddingsRequest(_ request: EmbeddingRequest, key: ProviderKeyConfig?) throws -> OutboundRequest

    /// Turns a non-2xx provider response into the error the client receives.
    func error(status: Int, headers: [HTTPField], body: [UInt8]) -> GatewayError

    /// Translates a 2xx non-streamed chat answer into the canonical `chat.completion`.
    /// `model` is the provider model the request was sent to. nil: the body is already canonical
    /// and is passed on byte for byte. Throws a `GatewayError` (502) when the body is unreadable.
    func chatCompletionResponse(body: [UInt8], model: String) throws -> ChatCompletionResponse?

    /// A translator for this provider's streamed chat answer, or nil when the provider streams
    /// canonical SSE (`data: {chat.completion.chunk}` … `data: [DONE]`).
    func makeStreamTranslator(model: String) -> (any ProviderStreamTranslator)?

    /// Translates a 2xx embeddings answer into the canonical list; nil: already canonical.
    func embeddingsResponse(body: [UInt8], model: String) throws -> EmbeddingResponse?

    /// The `GET base_url + path` of `providers[].health_check`, with the provider's own headers
    /// and credentials.
    func healthCheckRequest(path: String, key: ProviderKeyConfig?) -> OutboundRequest
}

extension ProviderAdapter {
    public func chatCompletionResponse(body: [UInt8], model: String) throws -> ChatCompletionResponse? { nil }
    public func makeStreamTranslator(model: String) -> (any ProviderStreamTranslator)? { nil }
    public func embeddingsResponse(body: [UInt8], model: String) throws -> EmbeddingResponse? { nil }

    /// A GET with the provider's headers and, when there is a key, `Authorization: Bearer`.
    public func healthCheckRequest(path: String, key: ProviderKeyConfig?) -> OutboundRequest {
        bearerGET(path: path, key: key)
    }

    /// A GET of `base_url + path` with the provider's configured headers and `credential`
    /// (name and value) when there is a non-empty key.
    public func bearerGET(path: String, key: ProviderKeyConfig?, credential: (String, String)? = nil) -> OutboundRequest {
        var headers = provider.headers.sorted { $0.key < $1.key }.map { HTTPField($0.key, $0.value) }
        if let key, !key.secret.isEmpty {
            let (name, value) = credential ?? ("Authorization", "Bearer " + key.secret.reveal())
            headers.append(HTTPField(name, value))
        }
        return OutboundRequest(
            method: .get, url: provider.baseURL + path, headers: headers, timeouts: provider.timeouts, httpVersion: provider.httpVersion,
            maxConnectionsPerHost: provider.maxConnections)
    }
}

/// Turns one provider's streamed answer into canonical chunks. Fed the raw response body in
/// whatever pieces the network delivers (an event may be split across calls, or several events
/// may arrive in one); returns the chunks the bytes completed, in order. One translator per
/// attempt; called serially.
///
/// Contract for the chunks produced:
/// - the first chunk carries `delta.role = "assistant"`;
/// - tool calls are announced with `id`, `type: "function"` and `function.name` in their first
///   delta, arguments follow as string fragments under the same `index`;
/// - the last choice chunk carries `finish_reason` (`stop`, `length`, `tool_calls`,
///   `content_filter`);
/// - when the provider reports usage, one final chunk with `choices: []` and `usage` follows
///   (the engine removes it again when the client did not ask for `stream_options.include_usage`).
public protocol ProviderStreamTranslator {
    /// Consumes the next bytes of the body. Throws a `GatewayError` when the provider reports an
    /// error inside the stream (e.g. Anthropic's `overloaded_error` event) or sends bytes that
    /// cannot be read; the engine ends the client's stream with that error.
    mutating func consume(_ bytes: [UInt8]) throws -> [ChatCompletionChunk]

    /// The body ended: returns any chunks still owed (for example a usage chunk) or throws when
    /// the stream stopped before the provider said it was complete.
    mutating func finish() throws -> [ChatCompletionChunk]
}

extension ProviderKind {
    /// The adapter for this kind of provider.
    public func makeAdapter(for provider: ProviderConfig) -> any ProviderAdapter {
        switch self {
        case .openai, .openaiCompatible: OpenAIAdapter(provider: provider)
        case .azure: OpenAIAdapter(provider: provider, style: .azure(apiVersion: provider.apiVersion ?? "2024-10-21"))
        case .anthropic: AnthropicAdapter(provider: provider)
        case .gemini: GeminiAdapter(provider: provider)
        case .vertex: VertexAdapter(provider: provider)
        case .bedrock: BedrockAdapter(provider: provider)
        case .cohere: CohereAdapter(provider: provider)
        }
    }
}
