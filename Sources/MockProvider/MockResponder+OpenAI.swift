import Foundation
import Hummingbird
import NIOCore
import SignalboxCore

extension MockResponder {
    func chatCompletion(record: RecordedRequest, request: Request, admission: MockProviderState.Admission) -> Response {
        let number = admission.requestNumber
        let chatRequest: ChatCompletionRequest
        let reply: MockChatReply
        do {
            chatRequest = try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(record.bodyText.utf8))
            reply = try MockChatReply(for: chatRequest, requestNumber: number, minimumWords: admission.faults.chunks)
        } catch {
            return Self.badRequest(error, requestNumber: number)
        }
        let id = "chatcmpl-mock-\(number)"
        let created = Int(Date().timeIntervalSince1970)
        guard chatRequest.isStreaming else {
            return Self.json(reply.response(id: id, created: created, model: chatRequest.model), requestNumber: number)
        }
        let chunks = reply.chunks(
            id: id, created: created, model: chatRequest.model, pieces: admission.faults.chunks,
            includeUsage: chatRequest.streamOptions?.includeUsage ?? false)
        return stream(chunks: chunks, faults: admission.faults, request: request, requestNumber: number)
    }

    func embeddings(record: RecordedRequest, requestNumber number: Int) -> Response {
        let embeddingRequest: EmbeddingRequest
        do {
            embeddingRequest = try JSONDecoder().decode(EmbeddingRequest.self, from: Data(record.bodyText.utf8))
        } catch {
            return Self.badRequest(error, requestNumber: number)
        }
        var dimensions = configuration.embeddingDimensions
        if let requested = embeddingRequest.extras["dimensions"] {
            guard case .number(let value) = requested, value.rounded() == value, (1...16384).contains(value) else {
                return Self.error(.invalidRequest("'dimensions' must be an integer in 1...16384.", param: "dimensions"), requestNumber: number)
            }
            dimensions = Int(value)
        }
        let texts: [String] =
            switch embeddingRequest.input {
            case .text, .texts: embeddingRequest.input.texts
            // Token inputs: embed the token ids as words, so equal token lists embed equally.
            case .tokens(let tokens): [tokens.map(String.init).joined(separator: " ")]
            case .tokenBatches(let batches): batches.map { $0.map(String.init).joined(separator: " ") }
            }
        guard !embeddingRequest.input.isEmpty else {
            return Self.error(.invalidRequest("'input' must not be empty.", param: "input"), requestNumber: number)
        }
        let embedder = MockEmbedder(dimensions: dimensions)
        let items = texts.enumerated().map { EmbeddingResponse.Item(index: $0.offset, embedding: embedder.embedding(of: $0.element)) }
        let promptTokens = texts.reduce(0) { $0 + MockChatReply.words(in: $1).count }
        let response = EmbeddingResponse(data: items, model: embeddingRequest.model, usage: Usage(promptTokens: promptTokens, completionTokens: 0))
        return Self.json(response, requestNumber: number)
    }

    func models(requestNumber: Int) -> Response {
        Self.json(MockModelList(ids: configuration.models), requestNumber: requestNumber)
    }
}
