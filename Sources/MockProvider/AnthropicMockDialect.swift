import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Providers
import SignalboxCore

/// Anthropic's Messages API as the mock speaks it: `POST /v1/messages` (streaming when the body
/// says so), `GET /v1/models`, the key in `x-api-key`, and errors in Anthropic's envelope. Uses
/// the Anthropic adapter's wire types, so the mock and the adapter agree on the format.
// https://docs.anthropic.com/en/api/messages
// https://docs.anthropic.com/en/api/messages-streaming
// https://docs.anthropic.com/en/api/errors
// https://docs.anthropic.com/en/api/models-list
struct AnthropicMockDialect: MockDialect {
    // https://docs.anthropic.com/en/api/errors (every response carries request-id)
    var requestIDHeader: String { "request-id" }

    private static let apiKeyField = HTTPField.Name("x-api-key")!

    func endpoint(method: String, path: String) -> MockEndpoint {
        switch path {
        case "/v1/messages": .allowing("POST", method: method, .chatCompletions())
        case "/v1/models": .allowing("GET", method: method, .models)
        default: .unknown
        }
    }

    func isAuthorized(_ request: Request, apiKey: String) -> Bool {
        request.headers[Self.apiKeyField] == apiKey
    }

    /// The type follows the status, as Anthropic pairs them (429 `rate_limit_error`, 529 and 503
    /// `overloaded_error`, 500 `api_error`, …); injected failures keep their configured code in the message.
    func errorBody(_ error: MockError) -> ByteBuffer {
        var message = error.message
        if let code = error.code, code != "mock_injected_failure", error.message == "mock provider injected failure" {
            message += " (\(code))"
        }
        return MockResponder.encode(
            AnthropicErrorBody(error: .init(type: AnthropicErrorBody.type(forStatus: error.status), message: message)))
    }

    func canonicalChat(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> ChatCompletionRequest {
        let request = try JSONDecoder().decode(AnthropicMessagesRequest.self, from: Data(body.readableBytesView))
        guard request.maxTokens >= 1 else {
            throw GatewayError.invalidRequest("max_tokens: must be greater than or equal to 1", param: "max_tokens")
        }
        return try request.canonical()
    }

    func chatResponse(_ reply: MockChatReply, id: String, model: String) -> ByteBuffer {
        let response = reply.response(id: id, created: Int(Date().timeIntervalSince1970), model: model)
        return MockResponder.encode(AnthropicMessagesResponse(canonical: response))
    }

    /// `message_start`, `content_block_start`, `ping`, `pieces` × `content_block_delta`,
    /// `content_block_stop`, `message_delta` (stop reason, output tokens), `message_stop`.
    /// Usage is always sent, as Anthropic does.
    func chatStream(_ reply: MockChatReply, id: String, model: String, pieces: Int, includeUsage: Bool) -> MockStream {
        let inputTokens = reply.usage.promptTokens
        let start = AnthropicMessagesResponse(
            id: id, model: model, content: [], stopReason: nil, usage: AnthropicUsage(inputTokens: inputTokens, outputTokens: 1))
        var events: [AnthropicStreamEvent] = [.messageStart(start)]
        let deltas: [AnthropicContentDelta]
        switch reply.body {
        case .text(let text):
            events.append(.contentBlockStart(index: 0, block: .text("")))
            deltas = MockChatReply.split(words: text, into: pieces).map { .text($0) }
        case .toolCall(let call):
            events.append(.contentBlockStart(index: 0, block: .toolUse(id: call.id, name: call.function.name, input: .object([:]))))
            deltas = MockChatReply.split(characters: call.function.arguments, into: pieces).map { .inputJSON($0) }
        }
        events.append(.ping)
        let firstContentEvent = events.count
        events += deltas.map { .contentBlockDelta(index: 0, delta: $0) }
        events.append(.contentBlockStop(index: 0))
        events.append(
            .messageDelta(
                stopReason: AnthropicStopReason.stopReason(for: reply.finishReason), stopSequence: nil,
                usage: AnthropicUsage(outputTokens: reply.usage.completionTokens)))
        events.append(.messageStop)
        return MockStream(
            events: events.map { MockStream.sse(event: $0.type, data: MockResponder.encode($0)) }, firstContentEvent: firstContentEvent,
            contentEvents: deltas.count)
    }

    /// Anthropic has no embeddings API: the mock answers 404.
    func canonicalEmbeddings(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> EmbeddingRequest? {
        nil
    }

    func embeddingsResponse(_ vectors: [[Double]], model: String, promptTokens: Int) -> ByteBuffer {
        errorBody(MockError(status: 404, message: "Anthropic has no embeddings API.", type: "invalid_request_error"))
    }

    func modelsResponse(ids: [String]) -> ByteBuffer {
        let models = ids.map { AnthropicModelList.Model(id: $0, displayName: $0, createdAt: "2025-01-01T00:00:00Z") }
        return MockResponder.encode(AnthropicModelList(data: models))
    }
}
