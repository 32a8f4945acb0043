import Foundation
import Providers
import SignalboxCore
import Testing

/// Gemini on Vertex AI: project/location URLs, bearer tokens, `:predict` embeddings; bodies and
/// answers are the Gemini API's (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference).
@Suite struct VertexAdapterTests {
    static let provider = ProviderConfig(
        id: "vertex-eu", kind: .vertex, baseURL: ProviderKind.vertex.defaultBaseURL(region: "europe-west4")!, region: "europe-west4",
        project: "acme-prod-123")
    let adapter = VertexAdapter(provider: provider, clock: { 1_700_000_000 }, makeID: { "chatcmpl-fixed" })
    let token = ProviderKeyConfig(id: "token", secret: Secret("ya29.a0-access-token"))

    private func request(stream: Bool) -> ChatCompletionRequest {
        ChatCompletionRequest(model: "gemini-2.5-flash", messages: [ChatMessage(role: .user, content: .text("hi"))], stream: stream)
    }

    @Test func generateContentURLNamesProjectLocationAndPublisherModel() throws {
        let outbound = try adapter.chatCompletionRequest(request(stream: false), verbatimBody: nil, key: token)
        #expect(
            outbound.url
                == "https://europe-west4-aiplatform.googleapis.com/v1/projects/acme-prod-123/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent"
        )
        #expect(outbound.headers.first("authorization") == "Bearer ya29.a0-access-token")
        #expect(outbound.headers.first("x-goog-api-key") == nil)
        let streamed = try adapter.chatCompletionRequest(request(stream: true), verbatimBody: nil, key: token)
        #expect(streamed.url.hasSuffix("/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse"))
    }

    @Test func globalLocationUsesTheGlobalHost() throws {
        let global = VertexAdapter(
            provider: ProviderConfig(
                id: "vertex-global", kind: .vertex, baseURL: ProviderKind.vertex.defaultBaseURL(region: "global")!, region: "global",
                project: "acme"))
        let outbound = try global.chatCompletionRequest(request(stream: false), verbatimBody: nil, key: nil)
        #expect(outbound.url == "https://aiplatform.googleapis.com/v1/projects/acme/locations/global/publishers/google/models/gemini-2.5-flash:generateContent")
        #expect(outbound.headers.first("authorization") == nil, "no key, no credential")
    }

    @Test func bodyAndAnswersAreTheGeminiAPIs() throws {
        let gemini = GeminiAdapter(
            provider: ProviderConfig(id: "g", kind: .gemini, baseURL: "https://generativelanguage.googleapis.com/v1beta"),
            clock: { 1_700_000_000 }, makeID: { "chatcmpl-fixed" })
        let vertexBody = try adapter.chatCompletionRequest(request(stream: false), verbatimBody: nil, key: token).body
        let geminiBody = try gemini.chatCompletionRequest(request(stream: false), verbatimBody: nil, key: nil).body
        let decoder = JSONDecoder()
        #expect(try decoder.decode(JSONValue.self, from: Data(vertexBody)) == decoder.decode(JSONValue.self, from: Data(geminiBody)))
        let answer = try Fixture.bytes("gemini/chat-response-function-call.json")
        #expect(try adapter.chatCompletionResponse(body: answer, model: "m") == gemini.chatCompletionResponse(body: answer, model: "m"))
        let error = adapter.error(status: 429, headers: [], body: try Fixture.bytes("gemini/error-rate-limit.json"))
        #expect(error.provider == "vertex-eu")
        #expect(error.retryAfter == 30)
        #expect(adapter.makeStreamTranslator(model: "m") != nil)
    }

    @Test func embeddingsUsePredictWithInstances() throws {
        let request = EmbeddingRequest(model: "text-embedding-005", input: .texts(["What is life?", "Banana bread recipe"]), extras: ["dimensions": .number(256)])
        let outbound = try adapter.embeddingsRequest(request, key: token)
        #expect(outbound.url.hasSuffix("/locations/europe-west4/publishers/google/models/text-embedding-005:predict"))
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(outbound.body))
        #expect(body == (try JSONDecoder().decode(JSONValue.self, from: Data(Fixture.bytes("gemini/vertex-predict-embeddings-request.json")))))

        let response = try #require(
            try adapter.embeddingsResponse(body: Fixture.bytes("gemini/vertex-predict-embeddings-response.json"), model: "text-embedding-005"))
        #expect(response.data.map(\.embedding) == [[0.0101, -0.0323, 0.0545], [-0.0132, 0.0412, 0.0077]])
        #expect(response.usage?.promptTokens == 7, "token_count summed over the predictions")
    }

    @Test func missingProjectIsAnErrorNotABadURL() {
        let bare = VertexAdapter(provider: ProviderConfig(id: "v", kind: .vertex, baseURL: "https://example.test/v1", region: "us-central1"))
        let error = #expect(throws: GatewayError.self) { try bare.chatCompletionRequest(request(stream: false), verbatimBody: nil, key: nil) }
        #expect(error?.message.contains("project") == true)
    }

    @Test func registeredForItsKinds() {
        #expect(ProviderKind.vertex.makeAdapter(for: Self.provider) is VertexAdapter)
        #expect(
            ProviderKind.gemini.makeAdapter(for: ProviderConfig(id: "g", kind: .gemini, baseURL: "https://generativelanguage.googleapis.com/v1beta"))
                is GeminiAdapter)
    }
}
