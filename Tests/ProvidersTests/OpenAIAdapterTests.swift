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
