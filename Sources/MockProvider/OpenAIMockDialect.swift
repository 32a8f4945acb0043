import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignalboxCore

/// OpenAI's API (https://platform.openai.com/docs/api-reference/chat): the canonical format, so
/// requests and answers need no translation.
struct OpenAIMockDialect: MockDialect {
    func endpoint(method: String, path: String) -> MockEndpoint {
        MockEndpoint(method: method, path: path)
    }

    func isAuthorized(_ request: Request, apiKey: String) -> Bool {
        request.headers[.authorization] == "Bearer \(apiKey)"
    }

    func errorBody(_ error: MockError) -> ByteBuffer {
        MockResponder.encode(OpenAIErrorBody(error: .init(message: error.message, type: error.type, param: error.param, code: error.code)))
    }

    func canonicalChat(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> ChatCompletionRequest {
        try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(body.readableBytesView))
    }

    func chatResponse(_ reply: MockChatReply, id: String, model: String) -> ByteBuffer {
        MockResponder.encode(reply.response(id: id, created: Int(Date().timeIntervalSince1970), model: model))
    }

    func chatStream(_ reply: MockChatReply, id: String, model: String, pieces: Int, includeUsage: Bool) -> MockStream {
        let chunks = reply.chunks(id: id, created: Int(Date().timeIntervalSince1970), model: model, pieces: pieces, includeUsage: includeUsage)
        // Events: role chunk, content pieces, finish chunk, [usage chunk], [DONE].
        let contentChunks = chunks.filter { chunk in
            chunk.choices.first.map { $0.delta.role == nil && $0.finishReason == nil } ?? false
        }.count
        let events = chunks.map { MockStream.sse(data: MockResponder.encode($0)) } + [ByteBuffer(string: "data: [DONE]\n\n")]
        return MockStream(events: events, firstContentEvent: 1, contentEvents: contentChunks)
    }

    func canonicalEmbeddings(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> EmbeddingRequest? {
        try JSONDecoder().decode(EmbeddingRequest.self, from: Data(body.readableBytesView))
    }

    func embeddingsResponse(_ vectors: [[Double]], model: String, promptTokens: Int) -> ByteBuffer {
        let items = vectors.enumerated().map { EmbeddingResponse.Item(index: $0.offset, embedding: $0.element) }
        return MockResponder.encode(EmbeddingResponse(data: items, model: model, usage: Usage(promptTokens: promptTokens, completionTokens: 0)))
    }

    func modelsResponse(ids: [String]) -> ByteBuffer {
        MockResponder.encode(MockModelList(ids: ids))
    }
}
