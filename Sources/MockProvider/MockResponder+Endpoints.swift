import Foundation
import Hummingbird
import NIOCore
import SignalboxCore

extension MockResponder {
    func chatCompletion(body: ByteBuffer, endpoint: MockEndpoint, request: Request, admission: MockProviderState.Admission) -> Response {
        let number = admission.requestNumber
        let chatRequest: ChatCompletionRequest
        let reply: MockChatReply
        do {
            chatRequest = try dialect.canonicalChat(body, endpoint: endpoint)
            reply = try MockChatReply(for: chatRequest, requestNumber: number, minimumWords: admission.faults.chunks)
        } catch {
            return badRequest(error, requestNumber: number)
        }
        let id = "chatcmpl-mock-\(number)"
        guard chatRequest.isStreaming else {
            return Response(
                status: .ok, headers: headers(requestNumber: number),
                body: .init(byteBuffer: dialect.chatResponse(reply, id: id, model: chatRequest.model)))
        }
        let stream = dialect.chatStream(
            reply, id: id, model: chatRequest.model, pieces: admission.faults.chunks,
            includeUsage: chatRequest.streamOptions?.includeUsage ?? false)
        return self.stream(stream, faults: admission.faults, request: request, requestNumber: number)
    }

    func embeddings(body: ByteBuffer, endpoint: MockEndpoint, requestNumber number: Int) -> Response {
        let embeddingRequest: EmbeddingRequest
        do {
            guard let decoded = try dialect.canonicalEmbeddings(body, endpoint: endpoint) else {
                return error(.notFound(method: "POST", path: "embeddings"), requestNumber: number)
            }
            embeddingRequest = decoded
        } catch {
            return badRequest(error, requestNumber: number)
        }
        var dimensions = configuration.embeddingDimensions
        if let requested = embeddingRequest.extras["dimensions"] {
            guard case .number(let value) = requested, value.rounded() == value, (1...16384).contains(value) else {
                return error(.invalidRequest("'dimensions' must be an integer in 1...16384.", param: "dimensions"), requestNumber: number)
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
            return error(.invalidRequest("'input' must not be empty.", param: "input"), requestNumber: number)
        }
        let embedder = MockEmbedder(dimensions: dimensions)
        let vectors = texts.map { embedder.embedding(of: $0) }
        let promptTokens = texts.reduce(0) { $0 + MockChatReply.words(in: $1).count }
        return Response(
            status: .ok, headers: headers(requestNumber: number),
            body: .init(byteBuffer: dialect.embeddingsResponse(vectors, model: embeddingRequest.model, promptTokens: promptTokens)))
    }

    func models(requestNumber: Int) -> Response {
        Response(status: .ok, headers: headers(requestNumber: requestNumber), body: .init(byteBuffer: dialect.modelsResponse(ids: configuration.models)))
    }
}
