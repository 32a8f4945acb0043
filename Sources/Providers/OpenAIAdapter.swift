import Foundation
public import SignalboxCore

/// OpenAI and every server that speaks its API (Ollama, vLLM, Groq, Together, Mistral, DeepSeek, …).
/// The wire format is the canonical one, so requests are re-encoded as they are; only the model
/// name and the credentials change. Reference: https://platform.openai.com/docs/api-reference/chat
public struct OpenAIAdapter: ProviderAdapter {
    public let provider: ProviderConfig
    private let fixedHeaders: [HTTPField]

    public init(provider: ProviderConfig) {
        self.provider = provider
        var headers = [HTTPField("Content-Type", "application/json"), HTTPField("Accept", "application/json")]
        for (name, value) in provider.headers.sorted(by: { $0.key < $1.key }) {
            headers.append(HTTPField(name, value))
        }
        self.fixedHeaders = headers
    }

    public var requestIDHeader: String { "x-request-id" }

    public func chatCompletionRequest(_ request: ChatCompletionRequest, verbatimBody: [UInt8]?, key: ProviderKeyConfig?) throws
        -> OutboundRequest
    {
        let body = try verbatimBody ?? [UInt8](SharedJSONCoders.encoder.encode(request))
        return post(path: "/chat/completions", body: body, key: key, streaming: request.isStreaming)
    }

    public func embeddingsRequest(_ request: EmbeddingRequest, key: ProviderKeyConfig?) throws -> OutboundRequest {
        try post(path: "/embeddings", body: [UInt8](SharedJSONCoders.encoder.encode(request)), key: key, streaming: false)
    }

    private func post(path: String, body: [UInt8], key: ProviderKeyConfig?, streaming: Bool) -> OutboundRequest {
        var headers = fixedHeaders
        if streaming { headers[1] = HTTPField("Accept", "text/event-stream") }
        // The gateway's own credential for this provider; the client's key never goes upstream.
        if let key, !key.secret.isEmpty {
            headers.append(HTTPField("Authorization", "Bearer " + key.secret.reveal()))
        }
        return OutboundRequest(
            method: .post, url: provider.baseURL + path, headers: headers, body: body, timeouts: provider.timeouts,
            httpVersion: provider.httpVersion, maxConnectionsPerHost: provider.maxConnections)
    }

    public func error(status: Int, headers: [HTTPField], body: [UInt8]) -> GatewayError {
        let retryAfter = headers.first("retry-after").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if let envelope = try? SharedJSONCoders.decoder.decode(OpenAIErrorBody.self, from: Data(body)) {
            return .upstream(
                provider: provider.id, status: status, message: envelope.error.message, type: envelope.error.type,
                code: envelope.error.code, param: envelope.error.param, retryAfter: retryAfter)
        }
        // Not OpenAI-shaped (a proxy's HTML page, a plain-text error): pass a bounded excerpt.
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .upstream(
            provider: provider.id, status: status, message: text.isEmpty ? "no error body" : text, type: nil, code: nil, param: nil,
            retryAfter: retryAfter)
    }
}
