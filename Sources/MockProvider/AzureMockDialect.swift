import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignalboxCore

/// Azure OpenAI (https://learn.microsoft.com/en-us/azure/ai-services/openai/reference): OpenAI's
/// bodies on per-deployment paths (`/openai/deployments/{deployment}/chat/completions`), the key
/// in an `api-key` header. The deployment name stands in for the model.
struct AzureMockDialect: MockDialect {
    private let openAI = OpenAIMockDialect()

    func endpoint(method: String, path: String) -> MockEndpoint {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if parts.count == 2, parts[0] == "openai", parts[1] == "models" {
            return .allowing("GET", method: method, .models)
        }
        guard parts.count >= 4, parts[0] == "openai", parts[1] == "deployments" else { return .unknown }
        let deployment = String(parts[2]).removingPercentEncoding ?? String(parts[2])
        switch parts[3...].joined(separator: "/") {
        case "chat/completions": return .allowing("POST", method: method, .chatCompletions(model: deployment))
        case "embeddings": return .allowing("POST", method: method, .embeddings(model: deployment))
        default: return .unknown
        }
    }

    func isAuthorized(_ request: Request, apiKey: String) -> Bool {
        request.headers[HTTPField.Name("api-key")!] == apiKey
    }

    func errorBody(_ error: MockError) -> ByteBuffer { openAI.errorBody(error) }

    func canonicalChat(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> ChatCompletionRequest {
        var request = try openAI.canonicalChat(body, endpoint: endpoint)
        if case .chatCompletions(let deployment?, _) = endpoint { request.model = deployment }
        return request
    }

    func chatResponse(_ reply: MockChatReply, id: String, model: String) -> ByteBuffer {
        openAI.chatResponse(reply, id: id, model: model)
    }

    func chatStream(_ reply: MockChatReply, id: String, model: String, pieces: Int, includeUsage: Bool) -> MockStream {
        openAI.chatStream(reply, id: id, model: model, pieces: pieces, includeUsage: includeUsage)
    }

    func canonicalEmbeddings(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> EmbeddingRequest? {
        var request = try openAI.canonicalEmbeddings(body, endpoint: endpoint)
        if case .embeddings(let deployment?) = endpoint { request?.model = deployment }
        return request
    }

    func embeddingsResponse(_ vectors: [[Double]], model: String, promptTokens: Int) -> ByteBuffer {
        openAI.embeddingsResponse(vectors, model: model, promptTokens: promptTokens)
    }

    func modelsResponse(ids: [String]) -> ByteBuffer { openAI.modelsResponse(ids: ids) }
}
