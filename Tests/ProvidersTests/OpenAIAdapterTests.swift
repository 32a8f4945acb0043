import Providers
import SignalboxCore
import Testing

@Suite struct OpenAIAdapterTests {
    let adapter = OpenAIAdapter(provider: ProviderConfig(id: "openai-main", kind: .openai, baseURL: "https://api.openai.com/v1"))

    @Test func rateLimitErrorKeepsStatusCodeAndRetryAfter() throws {
        let error = adapter.error(
            status: 429, headers: [HTTPField("Retry-After", "7")], body: try Fixture.bytes("openai/chat-error-rate-limit.json"))
        #expect(error.status == 429)
        #expect(error.codeName == "rate_limit_exceeded")
        #expect(error.retryAfter == 7)
        #expect(error.provider == "openai-main")
        #expect(error.message.contains("Rate limit reached for gpt-4o"))
    }

    @Test func canonicalProviderNeedsNoTranslation() throws {
        #expect(try adapter.chatCompletionResponse(body: Array("{}".utf8), model: "gpt-4o") == nil)
        #expect(adapter.makeStreamTranslator(model: "gpt-4o") == nil)
    }

    @Test func keyIsInjectedAndClientBodyPassesVerbatim() throws {
        let key = ProviderKeyConfig(id: "primary", secret: Secret("sk-provider"))
        let request = ChatCompletionRequest(model: "gpt-4o", messages: [ChatMessage(role: .user, content: .text("hi"))])
        let verbatim = Array(#"{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"seed":1}"#.utf8)
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: verbatim, key: key)
        #expect(outbound.url == "https://api.openai.com/v1/chat/completions")
        #expect(outbound.headers.first("authorization") == "Bearer sk-provider")
        #expect(outbound.body == verbatim)
    }
}

@Suite struct AzureAdapterTests {
    // https://learn.microsoft.com/en-us/azure/ai-services/openai/reference#chat-completions
    let adapter = ProviderKind.azure.makeAdapter(
        for: ProviderConfig(
            id: "azure-eu", kind: .azure, baseURL: "https://my-resource.openai.azure.com/openai", apiVersion: "2024-10-21"))

    @Test func chatGoesToTheDeploymentWithApiVersionAndApiKey() throws {
        let key = ProviderKeyConfig(id: "primary", secret: Secret("azure-secret"))
        let request = ChatCompletionRequest(model: "gpt-4o-prod", messages: [ChatMessage(role: .user, content: .text("hi"))], stream: true)
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key)
        #expect(outbound.url == "https://my-resource.openai.azure.com/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21")
        #expect(outbound.headers.first("api-key") == "azure-secret")
        #expect(outbound.headers.first("authorization") == nil)
        #expect(outbound.headers.first("accept") == "text/event-stream")
    }

    @Test func embeddingsGoToTheDeployment() throws {
        let outbound = try adapter.embeddingsRequest(
            EmbeddingRequest(model: "embed-small", input: .text("hello")), key: ProviderKeyConfig(id: "k", secret: Secret("s")))
        #expect(outbound.url == "https://my-resource.openai.azure.com/openai/deployments/embed-small/embeddings?api-version=2024-10-21")
    }

    @Test func contentFilterErrorKeepsItsCode() throws {
        // Azure's content filter answers 400 with code content_filter in OpenAI's envelope.
        let body = Array(#"{"error":{"message":"The response was filtered","type":null,"param":"prompt","code":"content_filter","status":400}}"#.utf8)
        let error = adapter.error(status: 400, headers: [], body: body)
        #expect(error.status == 400)
        #expect(error.codeName == "content_filter")
        #expect(error.provider == "azure-eu")
    }
}
