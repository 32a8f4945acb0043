import Foundation
import Providers
import SignalboxCore
import Testing

/// Embeddings through `models.batchEmbedContents` (https://ai.google.dev/api/embeddings).
@Suite struct GeminiEmbeddingsTests {
    let adapter = GeminiAdapter(provider: ProviderConfig(id: "gemini-main", kind: .gemini, baseURL: "https://generativelanguage.googleapis.com/v1beta"))

    @Test func requestHasOneEmbedContentRequestPerText() throws {
        let request = EmbeddingRequest(
            model: "gemini-embedding-001", input: .texts(["What is the meaning of life?", "How much wood would a woodchuck chuck?"]),
            extras: ["dimensions": .number(768)])
        let outbound = try adapter.embeddingsRequest(request, key: ProviderKeyConfig(id: "k", secret: Secret("AIza-embed")))
        #expect(outbound.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents")
        #expect(outbound.headers.first("x-goog-api-key") == "AIza-embed")
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(outbound.body))
        #expect(body == (try JSONDecoder().decode(JSONValue.self, from: Data(Fixture.bytes("gemini/embed-request.json")))))
    }

    @Test func tokenInputsAreRejected() {
        let request = EmbeddingRequest(model: "gemini-embedding-001", input: .tokens([1, 2, 3]))
        let error = #expect(throws: GatewayError.self) { try adapter.embeddingsRequest(request, key: nil) }
        #expect(error?.param == "input")
    }

    @Test func responseListsVectorsInOrder() throws {
        let response = try #require(try adapter.embeddingsResponse(body: Fixture.bytes("gemini/embed-response.json"), model: "gemini-embedding-001"))
        #expect(response.data.map(\.index) == [0, 1])
        #expect(response.data[0].embedding == [-0.0065307906, 0.0087345, -0.034451, 0.0116252])
        #expect(response.data[1].embedding.count == 4)
        #expect(response.model == "gemini-embedding-001")
        #expect(response.usage?.promptTokens == 0, "Gemini reports no token counts for embeddings")
    }
}
