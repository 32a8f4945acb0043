import Foundation
import MockProvider
import Providers
import SignalboxCore
import Testing

/// The mock speaking Cohere's API v2 over real HTTP, checked with the Cohere adapter's wire types
/// and translators (the gateway's view of the same bytes).
@Suite struct CohereFlavorTests {
    static let key = "co-mock-key"

    private func cohereMock(faults: MockFaults = .init()) -> MockProviderConfiguration {
        MockProviderConfiguration(flavor: .cohere, faults: faults, apiKey: Self.key, models: ["command-mock", "embed-mock"])
    }

    private let adapter = CohereAdapter(provider: ProviderConfig(id: "cohere-mock", kind: .cohere, baseURL: "http://127.0.0.1/v2"), now: { 0 })

    /// The v2 chat body the adapter builds for a canonical request body.
    private func cohereBody(_ canonicalJSON: String) throws -> String {
        let request = try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(canonicalJSON.utf8))
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: nil)
        return String(decoding: outbound.body, as: UTF8.self)
    }

    private func chat(_ port: Int, _ body: String, key: String? = CohereFlavorTests.key) async throws -> LoopbackHTTPConnection.Response {
        try await call(port, "POST", "/v2/chat", json: body, headers: key.map { [("Authorization", "Bearer \($0)")] } ?? [])
    }

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
        var translator = try #require(adapter.makeStreamTranslator(model: "command-mock"))
        return try translator.consume(Array(body.utf8)) + translator.finish()
    }

    @Test func nonStreamedAnswerIsAV2ChatResponse() async throws {
        try await withMock(cohereMock()) { server, port in
            let response = try await chat(port, try cohereBody(chatBody(model: "command-mock")))
            #expect(response.status == 200)
            let answer = try response.decode(CohereChatResponse.self)
            #expect(answer.finishReason == "COMPLETE")
            #expect(answer.message.role == "assistant")
            guard case .parts(let parts)? = answer.message.content, case .text(let text)? = parts.first else {
                Issue.record("expected text content parts, got \(String(describing: answer.message.content))")
                return
            }
            #expect(text.hasPrefix("Mock reply to: Hello there, mock!"))
            #expect(answer.usage?.tokens?.inputTokens == 6, "system and user words")
            #expect(answer.usage?.billedUnits?.outputTokens == Double(text.split(separator: " ").count))

            let canonical = try #require(try adapter.chatCompletionResponse(body: Array(response.body.utf8), model: "command-mock"))
            #expect(canonical.choices.first?.message.content == .text(text))
            #expect(canonical.choices.first?.finishReason == "stop")

            let recorded = try #require(server.recordedRequests.last)
            #expect(recorded.path == "/v2/chat")
            #expect(recorded.body?["messages"]?.arrayValueCount == 2)
        }
    }

    @Test func streamedAnswerHasCohereEventsAndTranslatesBack() async throws {
        var faults = MockFaults()
        faults.chunks = 4
        try await withMock(cohereMock(faults: faults)) { _, port in
            let plain = try await chat(port, try cohereBody(chatBody(model: "command-mock")))
            let expected = try #require(
                try adapter.chatCompletionResponse(body: Array(plain.body.utf8), model: "command-mock")?.choices.first?.message.content)

            let response = try await chat(port, try cohereBody(chatBody(model: "command-mock", extra: #""stream":true"#)))
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/event-stream")
            let stream = events(response.body)
            #expect(
                stream.map(\.name) == ["message-start", "content-start"] + Array(repeating: "content-delta", count: 4) + [
                    "content-end", "message-end",
                ])
            for event in stream {
                #expect(try parseJSON(event.data)["type"] == .string(event.name), "each event's data names its type")
            }
            let chunks = try translate(response.body)
            #expect(chunks.first?.choices.first?.delta.role == "assistant")
            #expect(.text(chunks.compactMap { $0.choices.first?.delta.content }.joined()) == expected)
            #expect(chunks.dropLast().last?.choices.first?.finishReason == "stop")
            #expect(chunks.last?.usage?.promptTokens == 6)
        }
    }

    @Test func toolCallStreamsAndAnswersInCohereShape() async throws {
        try await withMock(cohereMock()) { _, port in
            let canonical = chatBody(model: "command-mock", user: "Weather in Oslo?", extra: weatherTools + #","tool_choice":"required""#)
            let sent = try cohereBody(canonical)
            #expect(try parseJSON(sent)["tool_choice"] == .string("REQUIRED"))

            let response = try await chat(port, sent)
            let answer = try response.decode(CohereChatResponse.self)
            #expect(answer.finishReason == "TOOL_CALL")
            let call = try #require(answer.message.toolCalls?.first)
            #expect(call.type == "function")
            #expect(call.function?.name == "get_weather")
            let arguments = try parseJSON(try #require(call.function?.arguments))
            #expect(arguments["location"] == .string("Weather in Oslo?"))
            #expect(answer.message.toolPlan?.isEmpty == false)

            let streamed = try await chat(port, try cohereBody(String(canonical.dropLast()) + #","stream":true}"#))
            let names = events(streamed.body).map(\.name)
            #expect(names.first == "message-start")
            #expect(names[1] == "tool-call-start")
            #expect(names.filter { $0 == "tool-call-delta" }.count >= 2)
            #expect(names.suffix(2) == ["tool-call-end", "message-end"])
            let chunks = try translate(streamed.body)
            let deltas = chunks.flatMap { $0.choices.first?.delta.toolCalls ?? [] }
            #expect(deltas.first?.id == "call_mock_2", "the second request's call")
            #expect(deltas.first?.function?.name == "get_weather")
            #expect(deltas.compactMap { $0.function?.arguments }.joined() == call.function?.arguments)
            #expect(chunks.dropLast().last?.choices.first?.finishReason == "tool_calls")
        }
    }

    @Test func injectedRateLimitHasCohereErrorShape() async throws {
        try await withMock(cohereMock(faults: MockFaults(status: 429, retryAfter: 3))) { _, port in
            let response = try await chat(port, try cohereBody(chatBody(model: "command-mock")))
            #expect(response.status == 429)
            #expect(response.headers["retry-after"] == "3")
            let body = try parseJSON(response.body)
            #expect(body["message"]?.stringValue == "mock provider injected failure")
            #expect(body["error"] == nil, "Cohere's body is flat, not OpenAI's envelope")

            let error = adapter.error(status: response.status, headers: [HTTPField("retry-after", "3")], body: Array(response.body.utf8))
            #expect(error.type == "rate_limit_error")
            #expect(error.retryAfter == 3)
        }
    }

    @Test func wrongKeyAndUnknownPathsAnswerInCohereShape() async throws {
        try await withMock(cohereMock()) { _, port in
            let unauthorized = try await chat(port, try cohereBody(chatBody(model: "command-mock")), key: "wrong")
            #expect(unauthorized.status == 401)
            #expect(try parseJSON(unauthorized.body)["message"]?.stringValue != nil)
            let openAIPath = try await call(
                port, "POST", "/v1/chat/completions", json: chatBody(), headers: [("Authorization", "Bearer \(Self.key)")])
            #expect(openAIPath.status == 404)
            let badChoice = try await chat(port, #"{"model":"command-mock","messages":[{"role":"user","content":"hi"}],"tool_choice":"ANY"}"#)
            #expect(badChoice.status == 400)
        }
    }

    @Test func embedAndModelsAnswerInCohereShape() async throws {
        try await withMock(cohereMock()) { _, port in
            let outbound = try adapter.embeddingsRequest(
                EmbeddingRequest(model: "embed-mock", input: .texts(["red apples", "green apples"]), extras: ["dimensions": .number(16)]), key: nil)
            let response = try await call(
                port, "POST", "/v2/embed", json: String(decoding: outbound.body, as: UTF8.self), headers: [("Authorization", "Bearer \(Self.key)")])
            #expect(response.status == 200)
            let json = try parseJSON(response.body)
            #expect(json["response_type"] == .string("embeddings_by_type"))
            let embeddings = try #require(try adapter.embeddingsResponse(body: Array(response.body.utf8), model: "embed-mock"))
            #expect(embeddings.data.count == 2)
            #expect(embeddings.data.allSatisfy { $0.embedding.count == 16 })
            #expect(embeddings.usage?.promptTokens == 4)

            let missingType = try await call(
                port, "POST", "/v2/embed", json: #"{"model":"embed-mock","texts":["a"]}"#, headers: [("Authorization", "Bearer \(Self.key)")])
            #expect(missingType.status == 400)

            let models = try await call(port, "GET", "/v1/models", headers: [("Authorization", "Bearer \(Self.key)")])
            let list = try models.decode(CohereModelList.self)
            #expect(list.models.map(\.name) == ["command-mock", "embed-mock"])
            #expect(list.models.allSatisfy { $0.endpoints.contains("chat") })
        }
    }
}

extension JSONValue {
    fileprivate var arrayValueCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }
}
