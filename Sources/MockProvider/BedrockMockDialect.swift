import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Providers
import SignalboxCore

/// Amazon Bedrock Runtime as the mock speaks it: `POST /model/{modelId}/converse`,
/// `/converse-stream` (binary AWS event-stream frames) and `/invoke` (Titan or Cohere
/// embeddings). Uses the Bedrock adapter's wire types and event-stream encoder, so the mock and
/// the adapter agree on the format. There is no model list on the runtime host.
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_InvokeModel.html
struct BedrockMockDialect: MockDialect {
    // the Bedrock runtime's request id header
    var requestIDHeader: String { "x-amzn-RequestId" }

    func endpoint(method: String, path: String) -> MockEndpoint {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[1] == "model", !parts[2].isEmpty else { return .unknown }
        let model = String(parts[2]).removingPercentEncoding ?? String(parts[2])
        switch parts[3] {
        case "converse": return .allowing("POST", method: method, .chatCompletions(model: model, stream: false))
        case "converse-stream": return .allowing("POST", method: method, .chatCompletions(model: model, stream: true))
        case "invoke": return .allowing("POST", method: method, .embeddings(model: model))
        default: return .unknown
        }
    }

    /// A Bedrock API key as a bearer token, or a SigV4 `Authorization` whose credential scope
    /// starts with the key as access key id. The signature itself is not checked here (the
    /// signer is verified against AWS's test vectors).
    // https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html
    func isAuthorized(_ request: Request, apiKey: String) -> Bool {
        guard let authorization = request.headers[.authorization] else { return false }
        return authorization == "Bearer \(apiKey)" || authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=\(apiKey)/")
    }

    /// `{"message": …}` as Bedrock sends it. Bedrock names the exception in the
    /// `x-amzn-ErrorType` header, which a dialect cannot set; the name also goes in `__type`,
    /// which the adapter reads when the header is missing.
    // https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html
    func errorBody(_ error: MockError) -> ByteBuffer {
        var message = error.message
        if let code = error.code, code != "mock_injected_failure", error.message == "mock provider injected failure" {
            message += " (\(code))"
        }
        return MockResponder.encode(BedrockErrorBody(message: message, type: Self.exceptionName(status: error.status)))
    }

    static func exceptionName(status: Int) -> String {
        switch status {
        case 400, 413, 415: "ValidationException"
        case 401: "UnrecognizedClientException"
        case 403: "AccessDeniedException"
        case 404, 405: "ResourceNotFoundException"
        case 408: "ModelTimeoutException"
        case 429: "ThrottlingException"
        case 503: "ServiceUnavailableException"
        default: "InternalServerException"
        }
    }

    func canonicalChat(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> ChatCompletionRequest {
        guard case .chatCompletions(let model?, let stream) = endpoint else {
            throw GatewayError.invalidRequest("The model id belongs in the path: /model/{modelId}/converse.")
        }
        let request = try JSONDecoder().decode(BedrockConverseRequest.self, from: Data(body.readableBytesView))
        return try request.canonicalChat(model: model, stream: stream ?? false)
    }

    func chatResponse(_ reply: MockChatReply, id: String, model: String) -> ByteBuffer {
        let response = BedrockConverseResponse(
            output: .init(message: BedrockMessage(role: "assistant", content: [Self.block(reply)])), stopReason: Self.stopReason(reply),
            usage: Self.usage(reply), metrics: .init(latencyMs: 1))
        return MockResponder.encode(response)
    }

    /// `messageStart`, (`contentBlockStart` for a tool use), `pieces` × `contentBlockDelta`,
    /// `contentBlockStop`, `messageStop`, `metadata` — usage is always sent, as Bedrock does.
    func chatStream(_ reply: MockChatReply, id: String, model: String, pieces: Int, includeUsage: Bool) -> MockStream {
        var events: [ByteBuffer] = [Self.frame("messageStart", BedrockStreamEvent.MessageStart(role: "assistant"))]
        let deltas: [BedrockStreamEvent.ContentBlockDelta.Delta]
        switch reply.body {
        case .text(let text):
            deltas = MockChatReply.split(words: text, into: pieces).map { .init(text: $0) }
        case .toolCall(let call):
            events.append(
                Self.frame(
                    "contentBlockStart",
                    BedrockStreamEvent.ContentBlockStart(
                        contentBlockIndex: 0, start: .init(toolUse: .init(toolUseId: call.id, name: call.function.name)))))
            deltas = MockChatReply.split(characters: call.function.arguments, into: pieces).map { .init(toolUse: .init(input: $0)) }
        }
        let firstContent = events.count
        for delta in deltas {
            events.append(Self.frame("contentBlockDelta", BedrockStreamEvent.ContentBlockDelta(contentBlockIndex: 0, delta: delta)))
        }
        events.append(Self.frame("contentBlockStop", BedrockStreamEvent.ContentBlockStop(contentBlockIndex: 0)))
        events.append(Self.frame("messageStop", BedrockStreamEvent.MessageStop(stopReason: Self.stopReason(reply))))
        events.append(Self.frame("metadata", BedrockStreamEvent.Metadata(usage: Self.usage(reply), metrics: .init(latencyMs: 1))))
        return MockStream(
            contentType: "application/vnd.amazon.eventstream", events: events, firstContentEvent: firstContent, contentEvents: deltas.count)
    }

    func canonicalEmbeddings(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> EmbeddingRequest? {
        guard case .embeddings(let model?) = endpoint else { return nil }
        let data = Data(body.readableBytesView)
        if model.lowercased().contains("cohere.embed") {
            let request = try JSONDecoder().decode(BedrockCohereEmbedding.Request.self, from: data)
            return EmbeddingRequest(model: model, input: .texts(request.texts))
        }
        let request = try JSONDecoder().decode(BedrockTitanEmbedding.Request.self, from: data)
        var extras: [String: JSONValue] = [:]
        if let dimensions = request.dimensions { extras["dimensions"] = .number(Double(dimensions)) }
        return EmbeddingRequest(model: model, input: .text(request.inputText), extras: extras)
    }

    func embeddingsResponse(_ vectors: [[Double]], model: String, promptTokens: Int) -> ByteBuffer {
        if model.lowercased().contains("cohere.embed") {
            let rows = JSONValue.array(vectors.map { .array($0.map(JSONValue.number)) })
            return MockResponder.encode(
                JSONValue.object([
                    "embeddings": rows, "id": .string("mock-embed"), "response_type": .string("embeddings_floats"), "texts": .array([]),
                ]))
        }
        return MockResponder.encode(BedrockTitanEmbedding.Response(embedding: vectors.first ?? [], inputTextTokenCount: promptTokens))
    }

    /// Unreachable: the runtime host has no model list (`endpoint` never answers `.models`).
    func modelsResponse(ids: [String]) -> ByteBuffer {
        MockResponder.encode(MockModelList(ids: ids))
    }

    // MARK: Wire shapes

    private static func block(_ reply: MockChatReply) -> BedrockContentBlock {
        switch reply.body {
        case .text(let text):
            return .text(text)
        case .toolCall(let call):
            let input = (try? JSONDecoder().decode(JSONValue.self, from: Data(call.function.arguments.utf8))) ?? .object([:])
            return .toolUse(BedrockToolUseBlock(toolUseId: call.id, name: call.function.name, input: input))
        }
    }

    private static func stopReason(_ reply: MockChatReply) -> String {
        switch reply.body {
        case .text: "end_turn"
        case .toolCall: "tool_use"
        }
    }

    private static func usage(_ reply: MockChatReply) -> BedrockTokenUsage {
        BedrockTokenUsage(
            inputTokens: reply.usage.promptTokens, outputTokens: reply.usage.completionTokens, totalTokens: reply.usage.totalTokens)
    }

    private static func frame(_ type: String, _ payload: some Encodable) -> ByteBuffer {
        let json = MockResponder.encode(payload)
        return ByteBuffer(bytes: AWSEventStreamEncoder.encode(.event(type, json: Array(json.readableBytesView))))
    }
}
