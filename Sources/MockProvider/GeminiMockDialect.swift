import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Providers
import SignalboxCore

/// The Gemini API (Generative Language API) as the mock speaks it: `POST /v1beta/models/{model}:
/// generateContent`, `:streamGenerateContent` (always SSE: `alt=sse` is in the query, which the
/// mock's routing does not see), `:batchEmbedContents`, `GET /v1beta/models`, the key in
/// `x-goog-api-key`, and errors in Google's envelope with `google.rpc` status names. Uses the Gemini
/// adapter's wire types, so the mock and the adapter agree on the format. `/v1/…` works the same.
/// Vertex AI's paths and its OAuth token endpoint are served too (`GeminiMockDialect+Vertex`).
// https://ai.google.dev/api/generate-content
// https://ai.google.dev/api/embeddings#method:-models.batchembedcontents
// https://ai.google.dev/api/models#method:-models.list
// https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
struct GeminiMockDialect: MockDialect {
    private static let apiKeyField = HTTPField.Name("x-goog-api-key")!

    func endpoint(method: String, path: String) -> MockEndpoint {
        if Self.isVertexPath(path) { return Self.vertexEndpoint(method: method, path: path) ?? .unknown }
        let version: Substring
        if path.hasPrefix("/v1beta/") {
            version = "/v1beta"
        } else if path.hasPrefix("/v1/") {
            version = "/v1"
        } else {
            return .unknown
        }
        let rest = path.dropFirst(version.count)
        if rest == "/models" { return .allowing("GET", method: method, .models) }
        guard rest.hasPrefix("/models/"), let colon = rest.lastIndex(of: ":") else { return .unknown }
        let model = String(rest[rest.index(rest.startIndex, offsetBy: 8)..<colon])
        guard !model.isEmpty, !model.contains("/") else { return .unknown }
        switch rest[rest.index(after: colon)...] {
        case "generateContent": return .allowing("POST", method: method, .chatCompletions(model: model, stream: false))
        case "streamGenerateContent": return .allowing("POST", method: method, .chatCompletions(model: model, stream: true))
        case "batchEmbedContents": return .allowing("POST", method: method, .embeddings(model: model))
        default: return .unknown
        }
    }

    func isAuthorized(_ request: Request, apiKey: String) -> Bool {
        if Self.isVertexPath(request.uri.path) { return Self.isVertexAuthorized(request, token: apiKey) }
        return request.headers[Self.apiKeyField] == apiKey
    }

    /// `{"error":{"code":…,"message":…,"status":…}}`; a configured error code (e.g.
    /// `insufficient_quota`) travels as the reason of a `google.rpc.ErrorInfo` detail, as Google
    /// names its reasons.
    func errorBody(_ error: MockError) -> ByteBuffer {
        var details: [JSONValue]?
        if let code = error.code {
            details = [
                .object([
                    "@type": .string("type.googleapis.com/google.rpc.ErrorInfo"), "reason": .string(code), "domain": .string("mock-provider"),
                ])
            ]
        }
        return MockResponder.encode(
            GeminiErrorBody(error: .init(code: error.status, message: error.message, status: Self.statusName(error.status), details: details)))
    }

    /// The `google.rpc.Code` name Google pairs with an HTTP status. https://cloud.google.com/apis/design/errors#http_mapping
    static func statusName(_ status: Int) -> String {
        switch status {
        case 400, 405, 413, 415, 422: "INVALID_ARGUMENT"
        case 401: "UNAUTHENTICATED"
        case 403: "PERMISSION_DENIED"
        case 404: "NOT_FOUND"
        case 409: "ABORTED"
        case 429: "RESOURCE_EXHAUSTED"
        case 501: "UNIMPLEMENTED"
        case 503: "UNAVAILABLE"
        case 504: "DEADLINE_EXCEEDED"
        default: status < 500 ? "FAILED_PRECONDITION" : "INTERNAL"
        }
    }

    func canonicalChat(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> ChatCompletionRequest {
        let request = try JSONDecoder().decode(GeminiGenerateContentRequest.self, from: Data(body.readableBytesView))
        guard case .chatCompletions(let model, let stream) = endpoint, let model else {
            throw GatewayError.invalidRequest("The model is named in the path: /v1beta/models/{model}:generateContent.")
        }
        guard !request.contents.isEmpty else {
            throw GatewayError.invalidRequest("* GenerateContentRequest.contents: contents is not specified", param: "contents")
        }
        return request.chatCompletionRequest(model: model, stream: stream ?? false)
    }

    func chatResponse(_ reply: MockChatReply, id: String, model: String) -> ByteBuffer {
        MockResponder.encode(Self.response(parts: Self.parts(of: reply), finished: true, reply: reply, id: id, model: model))
    }

    /// Text in `pieces` events, a function call whole in one; the last event carries
    /// `finishReason` and `usageMetadata`, as Gemini sends them. Events end with CRLF CRLF like Gemini's.
    func chatStream(_ reply: MockChatReply, id: String, model: String, pieces: Int, includeUsage: Bool) -> MockStream {
        let partsPerEvent: [[GeminiPart]] =
            switch reply.body {
            case .text(let text): MockChatReply.split(words: text, into: pieces).map { [.text($0)] }
            case .toolCall: [Self.parts(of: reply)]
            }
        let events = partsPerEvent.enumerated().map { index, parts in
            let response = Self.response(parts: parts, finished: index == partsPerEvent.count - 1, reply: reply, id: id, model: model)
            var buffer = ByteBuffer(string: "data: ")
            var json = MockResponder.encode(response)
            buffer.writeBuffer(&json)
            buffer.writeString("\r\n\r\n")
            return buffer
        }
        return MockStream(events: events, firstContentEvent: 0, contentEvents: events.count)
    }

    /// The reply as Gemini parts; a function call carries no `id`, as the Gemini API sends none.
    private static func parts(of reply: MockChatReply) -> [GeminiPart] {
        switch reply.body {
        case .text(let text):
            return [.text(text)]
        case .toolCall(let call):
            let args = (try? JSONDecoder().decode(JSONValue.self, from: Data(call.function.arguments.utf8))) ?? .object([:])
            return [GeminiPart(functionCall: .init(name: call.function.name, args: args))]
        }
    }

    private static func response(parts: [GeminiPart], finished: Bool, reply: MockChatReply, id: String, model: String)
        -> GeminiGenerateContentResponse
    {
        // Gemini reports STOP for function calls too.
        let candidate = GeminiCandidate(content: GeminiContent(role: "model", parts: parts), finishReason: finished ? "STOP" : nil, index: 0)
        let usage = GeminiUsageMetadata(
            promptTokenCount: reply.usage.promptTokens, candidatesTokenCount: reply.usage.completionTokens,
            totalTokenCount: reply.usage.totalTokens)
        return GeminiGenerateContentResponse(candidates: [candidate], usageMetadata: finished ? usage : nil, modelVersion: model, responseId: id)
    }

    func canonicalEmbeddings(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> EmbeddingRequest? {
        if case .embeddings(let model?) = endpoint, model.hasPrefix(Self.vertexModelPrefix) { return try Self.vertexEmbeddings(body, model: model) }
        let request = try JSONDecoder().decode(GeminiBatchEmbedContentsRequest.self, from: Data(body.readableBytesView))
        guard case .embeddings(let model) = endpoint, let model else { return nil }
        let texts = request.requests.map { $0.content.parts.compactMap(\.text).joined(separator: " ") }
        var extras: [String: JSONValue] = [:]
        if let dimensions = request.requests.first?.outputDimensionality { extras["dimensions"] = .number(Double(dimensions)) }
        return EmbeddingRequest(model: model, input: .texts(texts), extras: extras)
    }

    func embeddingsResponse(_ vectors: [[Double]], model: String, promptTokens: Int) -> ByteBuffer {
        if model.hasPrefix(Self.vertexModelPrefix) { return Self.vertexEmbeddingsResponse(vectors, promptTokens: promptTokens) }
        return MockResponder.encode(GeminiBatchEmbedContentsResponse(embeddings: vectors.map { .init(values: $0) }))
    }

    func modelsResponse(ids: [String]) -> ByteBuffer {
        MockResponder.encode(
            GeminiModelList(
                models: ids.map { id in
                    GeminiModelList.Model(
                        name: "models/" + id, displayName: id, inputTokenLimit: 1_048_576, outputTokenLimit: 65_536,
                        supportedGenerationMethods: id.contains("embed") ? ["embedContent", "batchEmbedContents"] : ["generateContent", "countTokens"])
                }))
    }
}
