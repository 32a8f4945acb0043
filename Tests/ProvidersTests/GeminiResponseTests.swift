import Foundation
import Providers
import SignalboxCore
import Testing

/// Gemini answers and errors → canonical completions and gateway errors, from documented
/// examples in Fixtures/gemini (https://ai.google.dev/api/generate-content#generatecontentresponse).
@Suite struct GeminiResponseTests {
    let adapter = GeminiAdapter(
        provider: ProviderConfig(id: "gemini-main", kind: .gemini, baseURL: "https://generativelanguage.googleapis.com/v1beta"),
        clock: { 1_700_000_000 }, makeID: { "chatcmpl-fixed" })

    @Test func textAnswerJoinsPartsSkipsThoughtsAndMapsUsage() throws {
        let response = try #require(try adapter.chatCompletionResponse(body: Fixture.bytes("gemini/chat-response-text.json"), model: "gemini-2.5-flash"))
        #expect(response.id == "mzRgaPyEKrWmxN8P8sqS6Ak")
        #expect(response.object == "chat.completion")
        #expect(response.created == 1_700_000_000)
        #expect(response.model == "gemini-2.5-flash")
        let choice = try #require(response.choices.first)
        #expect(choice.message.role == .assistant)
        #expect(choice.message.content == .text("In a small town, a girl named Lily found a backpack that could hold anything she wished for."))
        #expect(choice.finishReason == "stop")
        let usage = try #require(response.usage)
        #expect(usage.promptTokens == 12)
        #expect(usage.completionTokens == 19 + 28, "thoughts are billed as output")
        #expect(usage.totalTokens == 59)
        #expect(usage.promptTokensDetails?.cachedTokens == 4)
        #expect(usage.completionTokensDetails?.reasoningTokens == 28)
    }

    @Test func functionCallsBecomeToolCallsWithDeterministicIDs() throws {
        let response = try #require(
            try adapter.chatCompletionResponse(body: Fixture.bytes("gemini/chat-response-function-call.json"), model: "gemini-2.5-flash"))
        let choice = try #require(response.choices.first)
        #expect(choice.finishReason == "tool_calls", "Gemini says STOP; OpenAI clients expect tool_calls")
        #expect(choice.message.content == nil)
        let calls = try #require(choice.message.toolCalls)
        #expect(calls.map(\.id) == ["call_fc-7Q2ngIv_0", "call_fc-7Q2ngIv_1"])
        #expect(calls.map(\.type) == ["function", "function"])
        #expect(calls[0].function.name == "get_current_weather")
        #expect(calls[0].function.arguments == #"{"location":"Boston, MA","unit":"fahrenheit"}"#)
        #expect(calls[1].function.arguments == #"{"location":"Paris"}"#)
        #expect(response.usage?.totalTokens == 96)
    }

    @Test func blockedPromptIsAContentFilterAnswer() throws {
        let response = try #require(
            try adapter.chatCompletionResponse(body: Fixture.bytes("gemini/chat-response-prompt-blocked.json"), model: "gemini-2.0-flash"))
        #expect(response.id == "chatcmpl-fixed", "no responseId: the injected id")
        #expect(response.choices.count == 1)
        #expect(response.choices[0].finishReason == "content_filter")
        #expect(response.choices[0].message.content == .text(""))
        #expect(response.usage?.promptTokens == 9)
        #expect(response.usage?.completionTokens == 0)
    }

    @Test func candidateStoppedBySafetyIsContentFilter() throws {
        let response = try #require(
            try adapter.chatCompletionResponse(body: Fixture.bytes("gemini/chat-response-candidate-safety.json"), model: "gemini-2.0-flash"))
        #expect(response.choices.first?.finishReason == "content_filter")
        #expect(response.choices.first?.message.content == .text(""))
    }

    @Test(arguments: [
        ("STOP", false, "stop"), ("STOP", true, "tool_calls"), ("MAX_TOKENS", false, "length"), ("MAX_TOKENS", true, "length"),
        ("SAFETY", false, "content_filter"), ("RECITATION", false, "content_filter"), ("BLOCKLIST", false, "content_filter"),
        ("PROHIBITED_CONTENT", false, "content_filter"), ("SPII", false, "content_filter"), ("OTHER", false, "stop"),
    ] as [(String, Bool, String)])
    func finishReasonsMap(reason: String, calledFunctions: Bool, expected: String) {
        #expect(GeminiCandidate.canonicalFinishReason(reason, calledFunctions: calledFunctions) == expected)
    }

    @Test func unreadableAnswerIsAnUpstreamError() {
        let error = #expect(throws: GatewayError.self) { try adapter.chatCompletionResponse(body: Array("<html>".utf8), model: "g") }
        #expect(error?.status == 502)
    }

    @Test func rateLimitKeepsStatusNameAndRetryInfoDelay() throws {
        let error = adapter.error(status: 429, headers: [], body: try Fixture.bytes("gemini/error-rate-limit.json"))
        #expect(error.status == 429)
        #expect(error.type == "rate_limit_error")
        #expect(error.codeName == "RESOURCE_EXHAUSTED")
        #expect(error.retryAfter == 30, "retryDelay 29.5s, rounded up")
        #expect(error.provider == "gemini-main")
        #expect(error.message.contains("You exceeded your current quota"))
    }

    @Test func retryAfterHeaderWinsOverRetryInfo() throws {
        let error = adapter.error(status: 429, headers: [HTTPField("Retry-After", "7")], body: try Fixture.bytes("gemini/error-rate-limit.json"))
        #expect(error.retryAfter == 7)
    }

    @Test func overLongPromptIsContextLengthExceeded() throws {
        let error = adapter.error(status: 400, headers: [], body: try Fixture.bytes("gemini/error-context-length.json"))
        #expect(error.status == 400)
        #expect(error.type == "invalid_request_error")
        #expect(error.codeName == "context_length_exceeded")
    }

    @Test func arrayWrappedEnvelopeIsRead() throws {
        let error = adapter.error(status: 400, headers: [], body: try Fixture.bytes("gemini/error-api-key-invalid.json"))
        #expect(error.codeName == "INVALID_ARGUMENT")
        #expect(error.message.contains("API key not valid"))
        #expect(!error.message.contains("AIza"), "no secret in the message")
    }

    @Test(arguments: [
        (401, "UNAUTHENTICATED", "authentication_error"), (403, "PERMISSION_DENIED", "permission_error"),
        (500, "INTERNAL", "api_error"), (503, "UNAVAILABLE", "api_error"), (404, "NOT_FOUND", "invalid_request_error"),
    ] as [(Int, String, String)])
    func statusNamesMapToOpenAITypes(status: Int, name: String, type: String) {
        let body = #"{"error":{"code":\#(status),"message":"m","status":"\#(name)"}}"#
        let error = adapter.error(status: status, headers: [], body: Array(body.utf8))
        #expect(error.type == type)
        #expect(error.codeName == name)
        #expect(error.status == status)
    }

    @Test func nonGoogleBodyIsPassedAsAnExcerpt() {
        let error = adapter.error(status: 502, headers: [], body: Array("<html>Bad Gateway</html>".utf8))
        #expect(error.status == 502)
        #expect(error.message.contains("Bad Gateway"))
    }
}
