import Foundation
public import SignalboxCore

/// Cohere's API v2: chat (`POST {base}/chat`, SSE when streaming) and embeddings
/// (`POST {base}/embed`), bearer key. Requests are translated from the canonical schema, answers
/// and streams back to it, and `{"message": …}` error bodies to `GatewayError` by status.
// https://docs.cohere.com/reference/chat
// https://docs.cohere.com/reference/chat-stream
// https://docs.cohere.com/docs/tool-use
// https://docs.cohere.com/reference/embed
// https://docs.cohere.com/reference/errors
public struct CohereAdapter: ProviderAdapter {
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
        let headers = [HTTPField("content-type", "application/json"), HTTPField("accept", "application/json")]
        // Configured headers (e.g. `X-Client-Name`) are added; one naming a fixed header replaces it.
        self.fixedHeaders = provider.headers(over: headers)
    }

    /// Cohere documents no request-id header; every answer carries `x-debug-trace-id` (exposed
    /// through `access-control-expose-headers`), the id Cohere's support asks for.
    public var requestIDHeader: String { "x-debug-trace-id" }

    public func chatCompletionRequest(_ request: ChatCompletionRequest, verbatimBody: [UInt8]?, key: ProviderKeyConfig?) throws
        -> OutboundRequest
    {
        let chat = try CohereChatRequest(canonical: request)
        return post("/chat", body: try [UInt8](SharedJSONCoders.encoder.encode(chat)), key: key, streaming: request.isStreaming)
    }

    public func embeddingsRequest(_ request: EmbeddingRequest, key: ProviderKeyConfig?) throws -> OutboundRequest {
        let embed = try CohereEmbedRequest(canonical: request)
        return post("/embed", body: try [UInt8](SharedJSONCoders.encoder.encode(embed)), key: key, streaming: false)
    }

    private func post(_ operation: String, body: [UInt8], key: ProviderKeyConfig?, streaming: Bool) -> OutboundRequest {
        var headers = fixedHeaders
        if streaming, let accept = headers.firstIndex(where: { $0.name == "accept" }) {
            headers[accept] = HTTPField("accept", "text/event-stream")
        }
        // The gateway's own credential for this provider; the client's key never goes upstream.
        if let key, !key.secret.isEmpty {
            headers.append(HTTPField("Authorization", "Bearer " + key.secret.reveal()))
        }
        return OutboundRequest(
            method: .post, url: provider.baseURL + operation, headers: headers, body: body, timeouts: provider.timeouts,
            httpVersion: provider.httpVersion, maxConnectionsPerHost: provider.maxConnections)
    }

    public func error(status: Int, headers: [HTTPField], body: [UInt8]) -> GatewayError {
        let retryAfter = headers.first("retry-after").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if let envelope = try? SharedJSONCoders.decoder.decode(CohereErrorBody.self, from: Data(body)) {
            return envelope.gatewayError(provider: provider.id, status: status, retryAfter: retryAfter)
        }
        // Not Cohere-shaped (a proxy's HTML page, a plain-text error): pass a bounded excerpt.
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return .upstream(
            provider: provider.id, status: status, message: text.isEmpty ? "no error body" : text, type: nil, code: nil, param: nil,
            retryAfter: retryAfter)
    }

    public func chatCompletionResponse(body: [UInt8], model: String) throws -> ChatCompletionResponse? {
        let answer: CohereChatResponse
        do {
            answer = try SharedJSONCoders.decoder.decode(CohereChatResponse.self, from: Data(body))
        } catch {
            throw GatewayError.upstreamUnavailable(provider: provider.id, reason: "unreadable Cohere chat answer")
        }
        return try answer.canonical(provider: provider.id, model: model, created: now())
    }

    public func makeStreamTranslator(model: String) -> (any ProviderStreamTranslator)? {
        CohereStreamTranslator(provider: provider.id, model: model, created: now())
    }

    public func embeddingsResponse(body: [UInt8], model: String) throws -> EmbeddingResponse? {
        let answer: CohereEmbedResponse
        do {
            answer = try SharedJSONCoders.decoder.decode(CohereEmbedResponse.self, from: Data(body))
        } catch {
            throw GatewayError.upstreamUnavailable(provider: provider.id, reason: "unreadable Cohere embed answer")
        }
        return answer.canonical(model: model)
    }
}
