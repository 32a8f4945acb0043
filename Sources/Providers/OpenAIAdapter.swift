import Foundation
public import SignalboxCore

/// OpenAI and every server that speaks its API (Ollama, vLLM, Groq, Together, Mistral, DeepSeek, …),
/// and Azure OpenAI, which speaks it on per-deployment URLs. The wire format is the canonical one,
/// so requests are re-encoded as they are; only the model name, the URL and the credentials
/// change. References: https://platform.openai.com/docs/api-reference/chat and
/// https://learn.microsoft.com/en-us/azure/ai-services/openai/reference (Azure: deployments,
/// `api-version`, `api-key` header).
public struct OpenAIAdapter: ProviderAdapter {
    /// How the provider addresses models and takes its key.
    public enum Style: Sendable {
        /// `{base}/chat/completions`, `Authorization: Bearer`.
        case openai
        /// `{base}/deployments/{model}/chat/completions?api-version=…`, `api-key` header; the
        /// route's model name is the deployment name.
        case azure(apiVersion: String)
    }

    public let provider: ProviderConfig
    public let style: Style
    private let fixedHeaders: [HTTPField]

    public init(provider: ProviderConfig, style: Style = .openai) {
        self.provider = provider
        self.style = style
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
        return post(operation: "/chat/completions", model: request.model, body: body, key: key, streaming: request.isStreaming)
    }

    public func embeddingsRequest(_ request: EmbeddingRequest, key: ProviderKeyConfig?) throws -> OutboundRequest {
        try post(operation: "/embeddings", model: request.model, body: [UInt8](SharedJSONCoders.encoder.encode(request)), key: key, streaming: false)
    }

    private func post(operation: String, model: String, body: [UInt8], key: ProviderKeyConfig?, streaming: Bool) -> OutboundRequest {
        var headers = fixedHeaders
        if streaming { headers[1] = HTTPField("Accept", "text/event-stream") }
        let url: String
        switch style {
        case .openai:
            url = provider.baseURL + operation
            // The gateway's own credential for this provider; the client's key never goes upstream.
            if let key, !key.secret.isEmpty {
                headers.append(HTTPField("Authorization", "Bearer " + key.secret.reveal()))
            }
        case .azure(let apiVersion):
            let deployment = model.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? model
            url = provider.baseURL + "/deployments/" + deployment + operation + "?api-version=" + apiVersion
            if let key, !key.secret.isEmpty {
                headers.append(HTTPField("api-key", key.secret.reveal()))
            }
        }
        return OutboundRequest(
            method: .post, url: url, headers: headers, body: body, timeouts: provider.timeouts,
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
