public import SignalboxCore

/// Translates canonical requests into one provider family's HTTP requests and that provider's
/// errors back into canonical ones. Pure: no I/O, no state beyond the provider's configuration.
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
    func embeddingsRequest(_ request: EmbeddingRequest, key: ProviderKeyConfig?) throws -> OutboundRequest

    /// Turns a non-2xx provider response into the error the client receives.
    func error(status: Int, headers: [HTTPField], body: [UInt8]) -> GatewayError
}

extension ProviderKind {
    /// The adapter for this kind of provider, or nil when Signalbox cannot speak to it yet.
    public func makeAdapter(for provider: ProviderConfig) -> (any ProviderAdapter)? {
        switch self {
        case .openai, .openaiCompatible: OpenAIAdapter(provider: provider)
        case .azure, .anthropic, .gemini, .bedrock, .vertex, .cohere: nil
        }
    }
}
