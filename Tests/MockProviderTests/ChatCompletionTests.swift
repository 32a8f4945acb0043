import Foundation
import MockProvider
import SignalboxCore
import Testing

@Suite struct ChatCompletionTests {
    @Test func nonStreamedReplyHasOpenAIShapeUsageAndRequestID() async throws {
        try await withMock { _, port in
            let response = try await call(port, "POST", "/v1/chat/completions", json: chatBody(model: "gpt-test"))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "application/json")
            #expect(response.headers["x-request-id"] == "mock-req-1")
            let completion = try response.decode(ChatCompletionResponse.self)
            #expect(completion.object == "chat.completion")
            #expect(completion.model == "gpt-test")
            #expect(completion.id == "chatcmpl-mock-1")
            let choice = try #require(completion.choices.first)
            #expect(choice.message.role == .assistant)
            #expect(choice.finishReason == "stop")
            let content = try #require(choice.message.content?.plainText)
            #expect(content.hasPrefix("Mock reply to: Hello there, mock!"))
            let usage = try #require(completion.usage)
            // "You are terse." + "Hello there, mock!" = 6 words.
            #expect(usage.promptTokens == 6)
            #expect(usage.completionTokens == content.split(separator: " ").count)
            #expect(usage.totalTokens == usage.promptTokens + usage.completionTokens)

            let second = try await call(port, "POST", "/v1/chat/completions", json: chatBody(model: "gpt-test"))
            #expect(second.headers["x-request-id"] == "mock-req-2")
            let again = try second.decode(ChatCompletionResponse.self)
            #expect(again.choices.first?.message.content == choice.message.content, "the reply is deterministic")
        }
    }

    @Test func replyQuotesAtMostSixtyCharactersOfTheLastUserMessage() async throws {
        try await withMock { _, port in
            let long = String(repeating: "abcdefghij ", count: 20)
            let response = try await call(port, "POST", "/v1/chat/completions", json: chatBody(user: long, system: nil))
            let content = try #require(try response.decode(ChatCompletionResponse.self).choices.first?.message.content?.plainText)
            let quoted = String(long.split(separator: " ").joined(separator: " ").prefix(60))
            #expect(content.hasPrefix("Mock reply to: \(quoted) "))
            #expect(!content.contains(String(long.split(separator: " ").joined(separator: " ").prefix(61))))
        }
    }

    @Test func toolsAnswerWithACallToTheFirstTool() async throws {
        try await withMock { _, port in
            let response = try await call(
                port, "POST", "/v1/chat/completions", json: chatBody(user: "Weather in Paris?", extra: weatherTools))
            #expect(response.status == 200)
            // OpenAI sends `"content": null` next to tool calls.
            let raw = try parseJSON(response.body)
            guard case .array(let choices)? = raw["choices"], let first = choices.first else {
                Issue.record("no choices in \(response.body)")
                return
            }
            #expect(first["message"]?["content"] == .null)
            let completion = try response.decode(ChatCompletionResponse.self)
            let choice = try #require(completion.choices.first)
            #expect(choice.finishReason == "tool_calls")
            let call = try #require(choice.message.toolCalls?.first)
            #expect(call.type == "function")
            #expect(call.function.name == "get_weather")
            #expect(call.id == "call_mock_1")
            let arguments = try parseJSON(call.function.arguments)
            #expect(arguments["location"] == .string("Weather in Paris?"))
            #expect(arguments["unit"] == .string("celsius"))
            #expect(arguments["days"] == .number(1))
        }
    }

    @Test func toolChoiceSelectsOrSuppressesTheCall() async throws {
        try await withMock { _, port in
            let named = try await call(
                port, "POST", "/v1/chat/completions",
                json: chatBody(extra: weatherTools + #","tool_choice":{"type":"function","function":{"name":"get_time"}}"#))
            let namedCall = try named.decode(ChatCompletionResponse.self).choices.first?.message.toolCalls?.first
            #expect(namedCall?.function.name == "get_time")

            let none = try await call(port, "POST", "/v1/chat/completions", json: chatBody(extra: weatherTools + #","tool_choice":"none""#))
            let noneChoice = try #require(try none.decode(ChatCompletionResponse.self).choices.first)
            #expect(noneChoice.message.toolCalls == nil)
            #expect(noneChoice.finishReason == "stop")

            let unknown = try await call(
                port, "POST", "/v1/chat/completions",
                json: chatBody(extra: weatherTools + #","tool_choice":{"type":"function","function":{"name":"nope"}}"#))
            #expect(unknown.status == 400)
            #expect(try unknown.decode(OpenAIErrorBody.self).error.param == "tool_choice")
        }
    }

    @Test func aToolResultUnderAutoGetsATextAnswer() async throws {
        try await withMock { _, port in
            let body = #"""
                {"model":"mock-gpt","messages":[
                  {"role":"user","content":"Weather in Paris?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"sunny"}],
                """# + weatherTools + "}"
            let response = try await call(port, "POST", "/v1/chat/completions", json: body)
            let choice = try #require(try response.decode(ChatCompletionResponse.self).choices.first)
            #expect(choice.finishReason == "stop")
            #expect(choice.message.content?.plainText.hasPrefix("Mock reply to: Weather in Paris?") == true)
        }
    }

    @Test func modelsListsTheConfiguredModels() async throws {
        var configuration = MockProviderConfiguration()
        configuration.models = ["alpha-1", "beta-2"]
        try await withMock(configuration) { server, port in
            let response = try await call(port, "GET", "/v1/models")
            #expect(response.status == 200)
            #expect(response.headers["x-request-id"] == "mock-req-1")
            let list = try parseJSON(response.body)
            #expect(list["object"] == .string("list"))
            guard case .array(let models)? = list["data"] else {
                Issue.record("no data in \(response.body)")
                return
            }
            #expect(models.map { $0["id"]?.stringValue } == ["alpha-1", "beta-2"])
            #expect(models.first?["object"] == .string("model"))
            #expect(models.first?["owned_by"] == .string("mock"))
            #expect(models.first?["created"] == .number(0))
            #expect(server.stats.modelsRequests == 1)
        }
    }

    @Test(
        arguments: [
            ("{not json", "invalid_json", nil),
            (#"{"model":"mock-gpt"}"#, "invalid_request", "messages"),
            (#"{"model":"mock-gpt","messages":[]}"#, "invalid_request", "messages"),
            (#"{"model":"mock-gpt","messages":[{"role":"wizard","content":"hi"}]}"#, "invalid_request", "messages[0].role"),
        ] as [(String, String, String?)])
    func badRequestsGet400InOpenAIShape(body: String, code: String, param: String?) async throws {
        try await withMock { server, port in
            let response = try await call(port, "POST", "/v1/chat/completions", json: body)
            #expect(response.status == 400)
            #expect(response.headers["x-request-id"] == "mock-req-1")
            let error = try response.decode(OpenAIErrorBody.self).error
            #expect(error.type == "invalid_request_error")
            #expect(error.code == code)
            #expect(error.param == param)
            #expect(!error.message.isEmpty)
            #expect(server.stats.chatRequests == 1)
            #expect(server.stats.failuresInjected == 0)
        }
    }

    @Test func apiKeyIsRequiredWhenConfigured() async throws {
        var configuration = MockProviderConfiguration()
        configuration.apiKey = "sk-mock-secret"
        try await withMock(configuration) { server, port in
            let missing = try await call(port, "POST", "/v1/chat/completions", json: chatBody())
            #expect(missing.status == 401)
            #expect(try missing.decode(OpenAIErrorBody.self).error.type == "authentication_error")

            let wrong = try await call(port, "GET", "/v1/models", headers: [("Authorization", "Bearer sk-other")])
            #expect(wrong.status == 401)

            let right = try await call(
                port, "POST", "/v1/chat/completions", json: chatBody(), headers: [("Authorization", "Bearer sk-mock-secret")])
            #expect(right.status == 200)

            // Control endpoints need no key.
            let stats = try await call(port, "GET", "/_mock/stats")
            #expect(stats.status == 200)
            #expect(try stats.decode(MockProviderStats.self).requests == 3)
            #expect(server.stats.failuresInjected == 0)
        }
    }

    @Test func unknownPathsAndWrongMethodsAreOpenAIErrors() async throws {
        try await withMock { _, port in
            let unknown = try await call(port, "POST", "/v1/completions-nope", json: "{}")
            #expect(unknown.status == 404)
            #expect(try unknown.decode(OpenAIErrorBody.self).error.code == "not_found")
            let wrongMethod = try await call(port, "GET", "/v1/chat/completions")
            #expect(wrongMethod.status == 405)
            #expect(try wrongMethod.decode(OpenAIErrorBody.self).error.code == "method_not_allowed")
        }
    }
}
