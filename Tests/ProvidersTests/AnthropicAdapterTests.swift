import Foundation
import Providers
import SignalboxCore
import Testing

@Suite struct AnthropicAdapterTests {
    static let provider = ProviderConfig(
        id: "claude", kind: .anthropic, baseURL: "https://api.anthropic.com/v1", headers: ["anthropic-beta": "prompt-caching-2024-07-31"])
    let adapter = AnthropicAdapter(provider: Self.provider, now: { 1_700_000_000 })
    let key = ProviderKeyConfig(id: "primary", secret: Secret("sk-ant-test-key"))

    private func json(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    private func canonical(_ json: String) throws -> ChatCompletionRequest {
        try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(json.utf8))
    }

    // MARK: Requests

    @Test func requestWithSystemImagesToolsAndToolResultsMatchesGoldenBody() throws {
        let request = try JSONDecoder().decode(
            ChatCompletionRequest.self, from: Data(try Fixture.bytes("anthropic/chat-request-tools-images.json")))
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key)
        #expect(try json(outbound.body) == json(try Fixture.bytes("anthropic/messages-request-tools-images.json")))
        #expect(outbound.method == .post)
        #expect(outbound.url == "https://api.anthropic.com/v1/messages")
        #expect(outbound.headers.first("x-api-key") == "sk-ant-test-key")
        #expect(outbound.headers.first("anthropic-version") == "2023-06-01")
        #expect(outbound.headers.first("anthropic-beta") == "prompt-caching-2024-07-31")
        #expect(outbound.headers.first("content-type") == "application/json")
        #expect(outbound.headers.first("accept") == "text/event-stream")
        #expect(outbound.headers.first("authorization") == nil, "Anthropic takes the key in x-api-key only")
    }

    @Test func plainRequestGetsDefaultMaxTokensAndJSONAccept() throws {
        let request = try canonical(#"{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"Hello"}],"max_tokens":77}"#)
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: nil)
        let expected = #"{"model":"claude-haiku-4-5","max_tokens":77,"messages":[{"role":"user","content":"Hello"}]}"#
        #expect(try json(outbound.body) == json(Array(expected.utf8)))
        #expect(outbound.headers.first("accept") == "application/json")
        #expect(outbound.headers.first("x-api-key") == nil)

        let bare = try canonical(#"{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"Hello"}]}"#)
        let body = try json(try adapter.chatCompletionRequest(bare, verbatimBody: nil, key: key).body)
        #expect(body["max_tokens"] == .number(4096))
    }

    @Test func configuredAPIVersionAndHeaderOverridesApply() throws {
        var provider = Self.provider
        provider.apiVersion = "2024-01-01"
        provider.headers = ["Anthropic-Version": "2099-01-01", "x-extra": "1"]
        let outbound = try AnthropicAdapter(provider: provider).chatCompletionRequest(
            try canonical(#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#), verbatimBody: nil, key: key)
        #expect(outbound.headers.filter { $0.name.lowercased() == "anthropic-version" }.map(\.value) == ["2099-01-01"])
        #expect(outbound.headers.first("x-extra") == "1")

        provider.headers = [:]
        let versioned = try AnthropicAdapter(provider: provider).chatCompletionRequest(
            try canonical(#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#), verbatimBody: nil, key: key)
        #expect(versioned.headers.first("anthropic-version") == "2024-01-01")
    }

    @Test func jsonSchemaResponseFormatBecomesOutputConfig() throws {
        let request = try canonical(
            #"{"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"person","strict":true,"schema":{"type":"object","properties":{"name":{"type":"string"}},"required":["name"],"additionalProperties":false}}}}"#
        )
        let body = try json(try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key).body)
        #expect(body["output_config"]?["format"]?["type"] == .string("json_schema"))
        #expect(body["output_config"]?["format"]?["schema"]?["required"] == .array([.string("name")]))
        #expect(body["response_format"] == nil)
    }

    @Test(arguments: [
        (#""response_format":{"type":"json_object"}"#, "response_format"),
        (#""n":2"#, "n"),
        (#""logprobs":true"#, "logprobs"),
        (#""tools":[{"type":"custom","function":{"name":"x"}}]"#, "tools[0].type"),
        (#""tool_choice":"sometimes""#, "tool_choice"),
    ])
    func parametersAnthropicCannotHonourAreRejected(field: String, param: String) throws {
        let request = try canonical(#"{"model":"m","messages":[{"role":"user","content":"hi"}],\#(field)}"#)
        #expect {
            try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key)
        } throws: { error in
            guard let error = error as? GatewayError else { return false }
            return error.status == 400 && error.param == param
        }
    }

    @Test func unsupportedContentIsRejectedWithItsPath() throws {
        let audio = try canonical(
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAA","format":"wav"}}]}]}"#)
        let expected = GatewayError.invalidRequest(
            "Content parts of type 'input_audio' cannot be sent to Anthropic (text and images only).", param: "messages[0].content[0]")
        #expect(throws: expected) {
            try adapter.chatCompletionRequest(audio, verbatimBody: nil, key: key)
        }
        let badArguments = try canonical(
            #"{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"t1","type":"function","function":{"name":"f","arguments":"not json"}}]}]}"#
        )
        #expect {
            try adapter.chatCompletionRequest(badArguments, verbatimBody: nil, key: key)
        } throws: { ($0 as? GatewayError)?.param == "messages[1].tool_calls[0].function.arguments" }
    }

    @Test func namedToolChoiceAndNoneMap() throws {
        let tools = #""tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]"#
        let named = try canonical(
            #"{"model":"m","messages":[{"role":"user","content":"hi"}],\#(tools),"tool_choice":{"type":"function","function":{"name":"get_weather"}}}"#
        )
        #expect(
            try json(try adapter.chatCompletionRequest(named, verbatimBody: nil, key: key).body)["tool_choice"]
                == .object(["type": .string("tool"), "name": .string("get_weather")]))
        let none = try canonical(
            #"{"model":"m","messages":[{"role":"user","content":"hi"}],\#(tools),"tool_choice":"none","parallel_tool_calls":false}"#)
        #expect(
            try json(try adapter.chatCompletionRequest(none, verbatimBody: nil, key: key).body)["tool_choice"]
                == .object(["type": .string("none")]), "disable_parallel_tool_use is not allowed with none")
        let parallelOnly = try canonical(
            #"{"model":"m","messages":[{"role":"user","content":"hi"}],\#(tools),"parallel_tool_calls":false}"#)
        #expect(
            try json(try adapter.chatCompletionRequest(parallelOnly, verbatimBody: nil, key: key).body)["tool_choice"]
                == .object(["type": .string("auto"), "disable_parallel_tool_use": .bool(true)]))
    }

    @Test func embeddingsAreRejected() throws {
        #expect {
            try adapter.embeddingsRequest(EmbeddingRequest(model: "claude", input: .text("hi")), key: key)
        } throws: { error in
            guard let error = error as? GatewayError else { return false }
            return error.status == 400 && error.param == "model" && error.message.contains("Provider 'claude' (anthropic) has no embeddings API")
        }
    }

    @Test func healthCheckUsesAPIKeyHeaderAndVersion() {
        let request = adapter.healthCheckRequest(path: "/models", key: key)
        #expect(request.method == .get)
        #expect(request.url == "https://api.anthropic.com/v1/models")
        #expect(request.headers.first("x-api-key") == "sk-ant-test-key")
        #expect(request.headers.first("anthropic-version") == "2023-06-01")
        #expect(request.headers.first("authorization") == nil)
    }

    // MARK: Answers

    @Test func textAnswerTranslates() throws {
        let response = try #require(try adapter.chatCompletionResponse(body: try Fixture.bytes("anthropic/response-text.json"), model: "sent-model"))
        #expect(response.id == "msg_013Zva2CMHLNnXjNJJKqJ2EF")
        #expect(response.object == "chat.completion")
        #expect(response.created == 1_700_000_000)
        #expect(response.model == "claude-sonnet-4-5-20250929")
        let choice = try #require(response.choices.first)
        #expect(choice.message.role == .assistant)
        #expect(choice.message.content == .text("Hi! My name is Claude."))
        #expect(choice.message.toolCalls == nil)
        #expect(choice.finishReason == "stop")
        let usage = try #require(response.usage)
        #expect(usage.promptTokens == 2095 + 2051 + 2051)
        #expect(usage.completionTokens == 503)
        #expect(usage.totalTokens == 2095 + 2051 + 2051 + 503)
        #expect(usage.promptTokensDetails?.cachedTokens == 2051)
    }

    @Test func toolUseAnswerTranslates() throws {
        let response = try #require(
            try adapter.chatCompletionResponse(body: try Fixture.bytes("anthropic/response-tool-use.json"), model: "sent-model"))
        let choice = try #require(response.choices.first)
        #expect(choice.finishReason == "tool_calls")
        #expect(choice.message.content == .text("I'll check the current weather in San Francisco for you."))
        let call = try #require(choice.message.toolCalls?.first)
        #expect(call.id == "toolu_01A09q90qw90lq917835lq9")
        #expect(call.type == "function")
        #expect(call.function.name == "get_weather")
        #expect(call.function.arguments == #"{"location":"San Francisco, CA","unit":"celsius"}"#)
        #expect(response.usage?.promptTokens == 472)
        #expect(response.usage?.promptTokensDetails == nil)
    }

    @Test func unreadableAnswerIsBadGateway() {
        #expect {
            _ = try adapter.chatCompletionResponse(body: Array("<html>oops</html>".utf8), model: "m")
        } throws: { ($0 as? GatewayError)?.status == 502 }
    }

    @Test(arguments: [
        ("end_turn", "stop"), ("stop_sequence", "stop"), ("pause_turn", "stop"), ("max_tokens", "length"),
        ("tool_use", "tool_calls"), ("refusal", "content_filter"), ("model_context_window_exceeded", "length"),
    ])
    func stopReasonsMap(stopReason: String, finishReason: String) throws {
        let body =
            #"{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"x"}],"stop_reason":"\#(stopReason)","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}"#
        let response = try #require(try adapter.chatCompletionResponse(body: Array(body.utf8), model: "m"))
        #expect(response.choices.first?.finishReason == finishReason)
    }

    // MARK: Errors

    @Test func rateLimitKeepsStatusTypeAndRetryAfter() throws {
        let error = adapter.error(
            status: 429, headers: [HTTPField("Retry-After", "13")], body: try Fixture.bytes("anthropic/error-rate-limit.json"))
        #expect(error.status == 429)
        #expect(error.type == "rate_limit_error")
        #expect(error.codeName == "rate_limit_error")
        #expect(error.retryAfter == 13)
        #expect(error.provider == "claude")
        #expect(error.message.contains("exceed the rate limit for your organization"))
    }

    @Test func overloadedIsA529APIError() throws {
        let error = adapter.error(status: 529, headers: [], body: try Fixture.bytes("anthropic/error-overloaded.json"))
        #expect(error.status == 529)
        #expect(error.type == "api_error")
        #expect(error.codeName == "overloaded_error")
        #expect(error.retryAfter == nil)
        #expect(error.message == "Provider 'claude' answered 529: Overloaded")
    }

    @Test func promptTooLongIsContextLengthExceeded() throws {
        let error = adapter.error(status: 400, headers: [], body: try Fixture.bytes("anthropic/error-prompt-too-long.json"))
        #expect(error.status == 400)
        #expect(error.type == "invalid_request_error")
        #expect(error.codeName == "context_length_exceeded")
        #expect(error.message.contains("prompt is too long: 208310 tokens > 200000 maximum"))
    }

    @Test func notFoundIsAnInvalidRequestWithAnthropicCode() {
        let body = #"{"type":"error","error":{"type":"not_found_error","message":"model: claude-nope"}}"#
        let error = adapter.error(status: 404, headers: [], body: Array(body.utf8))
        #expect(error.type == "invalid_request_error")
        #expect(error.codeName == "not_found_error")
    }

    @Test func nonJSONErrorBodyIsABoundedExcerpt() {
        let body = Array(("<html>" + String(repeating: "x", count: 1000) + "</html>").utf8)
        let error = adapter.error(status: 502, headers: [], body: body)
        #expect(error.status == 502)
        #expect(error.codeName == nil)
        #expect(error.message.count < 400)
        #expect(error.message.hasPrefix("Provider 'claude' answered 502: <html>xxx"))
    }

    @Test func secretStaysOutOfErrors() throws {
        let body = #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#
        let error = adapter.error(status: 401, headers: [], body: Array(body.utf8))
        #expect(error.type == "authentication_error")
        #expect(!error.message.contains("sk-ant-test-key"))
    }
}
