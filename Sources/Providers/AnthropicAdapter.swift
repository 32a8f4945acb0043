import Foundation
public import SignalboxCore

/// Anthropic's Messages API. Requests are translated from the canonical schema (system prompt
/// lifted to the top level, tool calls and results as blocks, alternating turns), answers and
/// streams back to it, and `{"type":"error",…}` bodies to `GatewayError`.
// https://docs.anthropic.com/en/api/messages
// https://docs.anthropic.com/en/api/messages-streaming
// https://docs.anthropic.com/en/api/errors
// https://docs.anthropic.com/en/api/versioning
public struct AnthropicAdapter: ProviderAdapter {
    public let provider: ProviderConfig
    private let fixedHeaders: [HTTPField]
    private let now: @Sendable () -> Int

    public init(provider: ProviderConfig) {
        self.init(provider: provider, now: { Int(Date().timeIntervalSince1970) })
    }

    /// `now`: seconds since 1970 for the `created` field of translated answers (injected by tests).
    public init(provider: ProviderConfig, now: @escaping @Sendable () -> Int) {
        self.provider = provider
        self.now = now
        let headers = [
            HTTPField("content-type", "application/json"), HTTPField("accept", "application/json"),
            // https://docs.anthropic.com/en/api/versioning: every request names the API version.
            HTTPField("anthropic-version", provider.apiVersion ?? ProviderKind.anthropic.defaultAPIVersion ?? "2023-06-01"),
        ]
        // Configured headers (e.g. `anthropic-beta`) are added; one naming a fixed header replaces it.
        self.fixedHeaders = provider.headers(over: headers)
    }

    // https://docs.anthropic.com/en/api/errors (request id: every response carries a `request-id` header)
    public var requestIDHeader: String { "request-id" }

    public func chatCompletionRequest(_ request: ChatCompletionRequest, verbatimBody: [UInt8]?, key: ProviderKeyConfig?) throws
        -> OutboundRequest
    {
        let messages = try AnthropicMessagesRequest(canonical: request)
        let body = try [UInt8](SharedJSONCoders.encoder.encode(messages))
        var headers = fixedHeaders
        if request.isStreaming, let accept = headers.firstIndex(where: { $0.name == "accept" }) {
            headers[accept] = HTTPField("accept", "text/event-stream")
        }
        // The gateway's own credential for this provider; the client's key never goes upstream.
        if let key, !key.secret.isEmpty {
            headers.append(HTTPField("x-api-key", key.secret.reveal()))
        }
        return OutboundRequest(
            method: .post, url: provider.baseURL + "/messages", headers: headers, body: body, timeouts: provider.timeouts,
            httpVersion: provider.httpVersion, maxConnectionsPerHost: provider.maxConnections)
    }

    /// A GET with Anthropic's headers and `x-api-key` (e.g. `path: /models`).
    // https://docs.anthropic.com/en/api/models-list
    public func healthCheckRequest(path: String, key: ProviderKeyConfig?) -> OutboundRequest {
        var headers = fixedHeaders.filter { !$0.name.equalsIgnoringASCIICase("content-type") }
        if let key, !key.secret.isEmpty {
            headers.append(HTTPField("x-api-key", key.secret.reveal()))
        }
        return OutboundRequest(
            method: .get, url: provider.baseURL + path, headers: headers, timeouts: provider.timeouts, httpVersion: provider.httpVersion,
            maxConnectionsPerHost: provider.maxConnections)
    }

    public func embeddingsRequest(_ request: EmbeddingRequest, key: ProviderKeyConfig?) throws -> OutboundRequest {
        throw GatewayError.invalidRequest(
            "Provider '\(provider.id)' (anthropic) has no embeddings API: route embeddings to a provider that has one.", param: "model")
    }

    public func error(status: Int, headers: [HTTPField], body: [UInt8]) -> GatewayError {
        let retryAfter = headers.first("retry-after").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if let envelope = try? SharedJSONCoders.decoder.decode(AnthropicErrorBody.self, from: Data(body)) {
            return envelope.error.gatewayError(provider: provider.id, status: status, retryAfter: retryAfter)
        }
        // Not Anthropic-shaped (a proxy's HTML page, a plain-text error): pass a bounded excerpt.
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .upstream(
            provider: provider.id, status: status, message: text.isEmpty ? "no error body" : text, type: nil, code: nil, param: nil,
            retryAfter: retryAfter)
    }

    public func chatCompletionResponse(body: [UInt8], model: String) throws -> ChatCompletionResponse? {
        let message: AnthropicMessagesResponse
        do {
            message = try SharedJSONCoders.decoder.decode(AnthropicMessagesResponse.self, from: Data(body))
        } catch {
            throw GatewayError.upstreamUnavailable(provider: provider.id, reason: "unreadable Messages answer")
        }
        return message.canonical(created: now(), model: model)
    }

    public func makeStreamTranslator(model: String) -> (any ProviderStreamTranslator)? {
        AnthropicStreamTranslator(provider: provider.id, model: model, created: now())
    }
}
