import Foundation
import MockProvider
import Providers
import SignalboxCore
import Testing

/// The mock speaking Anthropic's Messages API over real HTTP.
@Suite struct AnthropicFlavorTests {
    static let key = "sk-ant-mock"

    private func anthropicMock(faults: MockFaults = .init()) -> MockProviderConfiguration {
        MockProviderConfiguration(flavor: .anthropic, faults: faults, apiKey: Self.key, models: ["claude-mock", "claude-mock-2"])
    }

    private func messages(_ port: Int, _ body: String, key: String? = AnthropicFlavorTests.key) async throws -> LoopbackHTTPConnection.Response {
        var headers = [("anthropic-version", "2023-06-01")]
        if let key { headers.append(("x-api-key", key)) }
        return try await call(port, "POST", "/v1/messages", json: body, headers: headers)
    }

    private func body(_ extra: String = "", user: String = "Hello there, mock!") -> String {
        #"{"model":"claude-mock","max_tokens":256,"system":"You are terse.","messages":[{"role":"user","content":\#(quoted(user))}]\#(extra)}"#
    }

    private let tools =
        #","tools":[{"name":"get_weather","description":"Weather for a place","input_schema":{"type":"object","properties":{"location":{"type":"string"},"days":{"type":"integer"}},"required":["location"]}}]"#

    /// The SSE events of a body: (event name, data).
    private func events(_ body: String) -> [(name: String, data: String)] {
        body.components(separatedBy: "\n\n").compactMap { block in
            let lines = block.split(separator: "\n")
            guard let name = lines.first(where: { $0.hasPrefix("event: ") }), let data = lines.first(where: { $0.hasPrefix("data: ") }) else {
                return nil
            }
            return (String(name.dropFirst(7)), String(data.dropFirst(6)))
        }
    }

    private func translate(_ body: String) throws -> [ChatCompletionChunk] {
        var translator = AnthropicStreamTranslator(provider: "mock", model: "claude-mock", created: 0)
        return try translator.consume(Array(body.utf8)) + translator.finish()
    }

    @Test func nonStreamedAnswerIsAMessage() async throws {
        try await withMock(anthropicMock()) { server, port in
            let response = try await messages(port, body())
            #expect(response.status == 200)
            let message = try response.decode(AnthropicMessagesResponse.self)
            #expect(message.type == "message")
            #expect(message.role == "assistant")
            #expect(message.model == "claude-mock")
            #expect(message.stopReason == "end_turn")
            guard case .text(let text)? = message.content.first else {
                Issue.record("expected a text block, got \(message.content)")
                return
            }
            #expect(text.hasPrefix("Mock reply to: Hello there, mock!"))
            #expect(message.usage?.inputTokens == 6, "system and user words")
            #expect(message.usage?.outputTokens == text.split(separator: " ").count)
            let json = try parseJSON(response.body)
            #expect(json["stop_sequence"] == .null, "stop_sequence is present, null")
            #expect(server.stats.chatRequests == 1)
        }
    }

    @Test func streamedAnswerFollowsAnthropicEventOrder() async throws {
        try await withMock(anthropicMock(faults: MockFaults(chunks: 4))) { _, port in
            let plain = try await messages(port, body()).decode(AnthropicMessagesResponse.self)
            let response = try await messages(port, body(#","stream":true"#))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/event-stream")
            let names = events(response.body).map(\.name)
            #expect(
                names == [
                    "message_start", "content_block_start", "ping", "content_block_delta", "content_block_delta", "content_block_delta",
                    "content_block_delta", "content_block_stop", "message_delta", "message_stop",
                ])
            let types = try events(response.body).map { try parseJSON($0.data)["type"]?.stringValue }
            #expect(types == names.map { Optional($0) }, "each event's data names its type")

            let chunks = try translate(response.body)
            let text = chunks.compactMap { $0.choices.first?.delta.content }.joined()
            #expect(.text(text) == plain.content.first)
            #expect(chunks.last?.usage?.promptTokens == plain.usage?.inputTokens)
            #expect(chunks.last?.usage?.completionTokens == plain.usage?.outputTokens)
            #expect(chunks.contains { $0.choices.first?.finishReason == "stop" })
        }
    }

    @Test func toolCallAnswersAndStreams() async throws {
        try await withMock(anthropicMock(faults: MockFaults(chunks: 3))) { _, port in
            let forced = tools + #","tool_choice":{"type":"tool","name":"get_weather"}"#
            let message = try await messages(port, body(forced, user: "Weather in Paris")).decode(AnthropicMessagesResponse.self)
            #expect(message.stopReason == "tool_use")
            guard case .toolUse(let id, let name, let input)? = message.content.first else {
                Issue.record("expected a tool_use block, got \(message.content)")
                return
            }
            #expect(id.hasPrefix("call_mock_"))
            #expect(name == "get_weather")
            #expect(input == .object(["location": .string("Weather in Paris"), "days": .number(1)]))

            let streamed = try await messages(port, body(forced + #","stream":true"#, user: "Weather in Paris"))
            let deltas = events(streamed.body).filter { $0.name == "content_block_delta" }
            #expect(deltas.count == 3)
            #expect(deltas.allSatisfy { $0.data.contains("input_json_delta") })
            let chunks = try translate(streamed.body)
            let arguments = chunks.compactMap { $0.choices.first?.delta.toolCalls?.first?.function?.arguments }.joined()
            #expect(try parseJSON(arguments) == input)
            #expect(chunks.contains { $0.choices.first?.finishReason == "tool_calls" })

            // After a tool result under tool_choice auto, the mock answers with text (agent loops end).
            let followUp =
                #"{"model":"claude-mock","max_tokens":64\#(tools),"messages":[{"role":"user","content":"Weather in Paris"},{"role":"assistant","content":[{"type":"tool_use","id":"\#(id)","name":"get_weather","input":{"location":"Paris"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"\#(id)","content":"15 degrees"}]}]}"#
            let answer = try await messages(port, followUp).decode(AnthropicMessagesResponse.self)
            #expect(answer.stopReason == "end_turn")
        }
    }

    @Test func injectedRateLimitHasAnthropicShapeAndRetryAfter() async throws {
        try await withMock(anthropicMock(faults: MockFaults(status: 429, retryAfter: 9))) { _, port in
            let response = try await messages(port, body())
            #expect(response.status == 429)
            #expect(response.headers["retry-after"] == "9")
            let error = try response.decode(AnthropicErrorBody.self)
            #expect(error.type == "error")
            #expect(error.error.type == "rate_limit_error")
            let adapted = AnthropicAdapter(provider: ProviderConfig(id: "mock", kind: .anthropic, baseURL: "http://127.0.0.1:\(port)/v1"))
                .error(status: response.status, headers: [HTTPField("retry-after", "9")], body: Array(response.body.utf8))
            #expect(adapted.retryAfter == 9)
            #expect(adapted.type == "rate_limit_error")
        }
    }

    @Test(arguments: [(529, "overloaded_error"), (503, "overloaded_error"), (500, "api_error")])
    func injectedServerErrorsHaveAnthropicTypes(status: Int, type: String) async throws {
        try await withMock(anthropicMock(faults: MockFaults(status: status))) { _, port in
            let response = try await messages(port, body())
            #expect(response.status == status)
            #expect(try response.decode(AnthropicErrorBody.self).error.type == type)
        }
    }

    @Test func apiKeyGoesInXAPIKey() async throws {
        try await withMock(anthropicMock()) { _, port in
            let missing = try await messages(port, body(), key: nil)
            #expect(missing.status == 401)
            #expect(try missing.decode(AnthropicErrorBody.self).error.type == "authentication_error")
            let bearer = try await call(port, "POST", "/v1/messages", json: body(), headers: [("Authorization", "Bearer \(Self.key)")])
            #expect(bearer.status == 401, "a bearer token is not how Anthropic takes the key")
            #expect(try await messages(port, body(), key: "wrong").status == 401)
            #expect(try await messages(port, body()).status == 200)
        }
    }

    @Test func invalidRequestsAreAnthropicShaped400s() async throws {
        try await withMock(anthropicMock()) { _, port in
            let noMaxTokens = try await messages(port, #"{"model":"claude-mock","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(noMaxTokens.status == 400)
            let error = try noMaxTokens.decode(AnthropicErrorBody.self)
            #expect(error.error.type == "invalid_request_error")
            #expect(error.error.message.contains("max_tokens"))
            let systemRole = try await messages(port, #"{"model":"claude-mock","max_tokens":5,"messages":[{"role":"system","content":"hi"}]}"#)
            #expect(systemRole.status == 400)
        }
    }

    @Test func modelsUseAnthropicsListShapeAndEmbeddingsDoNotExist() async throws {
        try await withMock(anthropicMock()) { _, port in
            let models = try await call(port, "GET", "/v1/models", headers: [("x-api-key", Self.key)])
            #expect(models.status == 200)
            let list = try models.decode(AnthropicModelList.self)
            #expect(list.data.map(\.id) == ["claude-mock", "claude-mock-2"])
            #expect(list.data.allSatisfy { $0.type == "model" && !$0.displayName.isEmpty && !$0.createdAt.isEmpty })
            #expect(list.hasMore == false)
            #expect(list.firstID == "claude-mock")
            #expect(list.lastID == "claude-mock-2")

            let embeddings = try await call(port, "POST", "/v1/embeddings", json: #"{"model":"x","input":"hi"}"#, headers: [("x-api-key", Self.key)])
            #expect(embeddings.status == 404)
            #expect(try embeddings.decode(AnthropicErrorBody.self).error.type == "not_found_error")
            #expect(try await call(port, "GET", "/v1/messages", headers: [("x-api-key", Self.key)]).status == 405)
        }
    }
}
