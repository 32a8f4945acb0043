import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Providers
import SignalboxCore

/// Cohere's API v2 as the mock speaks it: `POST /v2/chat` (streaming when the body says so),
/// `POST /v2/embed`, `GET /v1/models`, a bearer key, and `{"message": …}` errors with the status.
/// Uses the Cohere adapter's wire types, so the mock and the adapter agree on the format.
// https://docs.cohere.com/reference/chat
// https://docs.cohere.com/reference/chat-stream
// https://docs.cohere.com/reference/embed
// https://docs.cohere.com/reference/list-models
// https://docs.cohere.com/reference/errors
struct CohereMockDialect: MockDialect {
    // Cohere's trace id, see CohereAdapter.requestIDHeader
    var requestIDHeader: String { "x-debug-trace-id" }

    func endpoint(method: String, path: String) -> MockEndpoint {
        switch path {
        case "/v2/chat": .allowing("POST", method: method, .chatCompletions())
        case "/v2/embed": .allowing("POST", method: method, .embeddings())
        case "/v1/models": .allowing("GET", method: method, .models)
        default: .unknown
        }
    }

    func isAuthorized(_ request: Request, apiKey: String) -> Bool {
        guard let value = request.headers[.authorization], value.count > 7 else { return false }
        // The scheme is case-insensitive (Cohere's own examples send "bearer").
        return value.prefix(7).lowercased() == "bearer " && value.dropFirst(7) == apiKey
    }

    /// Cohere's body carries only the message; the status says the kind. Injected failures keep
    /// their configured code in the message.
    func errorBody(_ error: MockError) -> ByteBuffer {
        var message = error.message
        if let code = error.code, code != "mock_injected_failure", error.message == "mock provider injected failure" {
            message += " (\(code))"
        }
        return MockResponder.encode(CohereErrorBody(message: message))
    }

    func canonicalChat(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> ChatCompletionRequest {
        let request: CohereChatRequest
        do {
            request = try JSONDecoder().decode(CohereChatRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw GatewayError.invalidRequest("invalid request: the body is not a v2 chat request (model and messages are required).")
        }
        if let choice = request.toolChoice, !["REQUIRED", "NONE"].contains(choice) {
            throw GatewayError.invalidRequest("invalid request: tool_choice must be one of REQUIRED, NONE.", param: "tool_choice")
        }
        return request.canonical
    }

    func chatResponse(_ reply: MockChatReply, id: String, model: String) -> ByteBuffer {
        let message: CohereMessage
        switch reply.body {
        case .text(let text):
            message = CohereMessage(role: "assistant", content: .parts([.text(text)]))
        case .toolCall(let call):
            message = CohereMessage(
                role: "assistant", toolCalls: [Self.toolCall(call, arguments: call.function.arguments)],
                toolPlan: "I will call \(call.function.name).")
        }
        let response = CohereChatResponse(
            id: id, finishReason: CohereFinishReason.cohere(reply.finishReason), message: message, usage: Self.usage(reply.usage))
        return MockResponder.encode(response)
    }

    /// `message-start`, then `content-start`, `pieces` × `content-delta`, `content-end` for text, or
    /// `tool-call-start`, `pieces` × `tool-call-delta`, `tool-call-end` for a tool call, then
    /// `message-end` with the finish reason and usage (always sent, as Cohere does).
    func chatStream(_ reply: MockChatReply, id: String, model: String, pieces: Int, includeUsage: Bool) -> MockStream {
        var events: [CohereStreamEvent] = [.messageStart(id: id)]
        let deltas: [CohereStreamEvent]
        let end: CohereStreamEvent
        switch reply.body {
        case .text(let text):
            events.append(.contentStart(index: 0, text: ""))
            deltas = MockChatReply.split(words: text, into: pieces).map { .contentDelta(index: 0, text: $0) }
            end = .contentEnd(index: 0)
        case .toolCall(let call):
            events.append(.toolCallStart(index: 0, call: Self.toolCall(call, arguments: "")))
            deltas = MockChatReply.split(characters: call.function.arguments, into: pieces).map { .toolCallDelta(index: 0, arguments: $0) }
            end = .toolCallEnd(index: 0)
        }
        let firstContentEvent = events.count
        events += deltas
        events.append(end)
        events.append(.messageEnd(finishReason: CohereFinishReason.cohere(reply.finishReason), usage: Self.usage(reply.usage)))
        return MockStream(
            events: events.map { MockStream.sse(event: $0.type, data: MockResponder.encode($0)) }, firstContentEvent: firstContentEvent,
            contentEvents: deltas.count)
    }

    func canonicalEmbeddings(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> EmbeddingRequest? {
        let request: CohereEmbedRequest
        do {
            request = try JSONDecoder().decode(CohereEmbedRequest.self, from: Data(body.readableBytesView))
        } catch {
            throw GatewayError.invalidRequest("invalid request: model, texts, input_type and embedding_types are required.")
        }
        guard request.embeddingTypes.contains("float") else {
            throw GatewayError.invalidRequest("invalid request: the mock serves only the 'float' embedding type.", param: "embedding_types")
        }
        return request.canonical
    }

    func embeddingsResponse(_ vectors: [[Double]], model: String, promptTokens: Int) -> ByteBuffer {
        let meta = CohereEmbedResponse.Meta(billedUnits: .init(inputTokens: Double(promptTokens), outputTokens: nil))
        return MockResponder.encode(CohereEmbedResponse(id: "embed-mock", embeddings: .init(float: vectors), texts: nil, meta: meta))
    }

    func modelsResponse(ids: [String]) -> ByteBuffer {
        MockResponder.encode(CohereModelList(models: ids.map { CohereModelList.Model(name: $0, endpoints: ["chat", "embed"]) }))
    }

    private static func toolCall(_ call: ToolCall, arguments: String) -> CohereToolCall {
        CohereToolCall(id: call.id, type: "function", function: .init(name: call.function.name, arguments: arguments))
    }

    private static func usage(_ usage: Usage) -> CohereUsage {
        let counts = CohereUsage.Counts(inputTokens: Double(usage.promptTokens), outputTokens: Double(usage.completionTokens))
        return CohereUsage(billedUnits: counts, tokens: counts)
    }
}
