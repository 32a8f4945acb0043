import Foundation
import MockProvider
import SignalboxCore
import Testing

/// Every provider family through the gateway against its mock flavor, spoken to in OpenAI's API:
/// non-streamed and streamed chat, a tool call round trip, embeddings, key injection and error
/// mapping. The adapters' golden tests (ProvidersTests) pin the wire formats to the providers'
/// documented examples; these tests prove the whole path over real sockets.
@Suite("Provider families end to end")
struct ProviderFlavorTests {
    static let cases: [FlavorHarness.Case] = [
        .init(flavor: .openai, keyHeader: "authorization", keyCheck: { $0 == "Bearer " + $1 }),
        .init(flavor: .azure, keyHeader: "api-key", keyCheck: { $0 == $1 }, configure: { $0.apiVersion = "2024-10-21" }),
        .init(
            flavor: .anthropic, keyHeader: "x-api-key", keyCheck: { $0 == $1 }, hasEmbeddings: false,
            configure: { $0.apiVersion = "2023-06-01" }),
        .init(flavor: .gemini, keyHeader: "x-goog-api-key", keyCheck: { $0 == $1 }, sendsRequestID: false),
        .init(flavor: .cohere, keyHeader: "authorization", keyCheck: { $0 == "Bearer " + $1 }),
        .init(
            flavor: .bedrock, label: "bedrock (API key)", keyHeader: "authorization", keyCheck: { $0 == "Bearer " + $1 }, embeddingBatch: 1,
            configure: { $0.region = "us-east-1" }),
        .init(
            flavor: .bedrock, label: "bedrock (SigV4)", keyHeader: "authorization",
            keyCheck: { value, key in
                // The access key id is the mock's key; the secret never travels, only the signature.
                (value?.hasPrefix("AWS4-HMAC-SHA256 Credential=\(key)/") ?? false) && !(value?.contains("sigv4-secret") ?? true)
            }, embeddingBatch: 1,
            configure: { provider in
                provider.region = "us-east-1"
                provider.keys = provider.keys.map {
                    ProviderKeyConfig(id: $0.id, secret: Secret("sigv4-secret-access-key"), accessKeyID: $0.secret.reveal())
                }
            }),
    ]

    static let weatherTool: JSONValue = .object([
        "type": .string("function"),
        "function": .object([
            "name": .string("get_weather"), "description": .string("Current weather for a city"),
            "parameters": .object([
                "type": .string("object"), "properties": .object(["city": .object(["type": .string("string")])]),
                "required": .array([.string("city")]),
            ]),
        ]),
    ])

    static func chat(_ text: String, stream: Bool = false, extra: [String: JSONValue] = [:]) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string("flavor-chat"),
            "messages": .array([
                .object(["role": .string("system"), "content": .string("Be brief.")]),
                .object(["role": .string("user"), "content": .string(text)]),
            ]),
        ]
        if stream { body["stream"] = .bool(true) }
        body.merge(extra) { $1 }
        return .object(body)
    }

    @Test("non-streamed chat comes back canonical, with the provider key injected and usage counted", arguments: cases)
    func chat(_ flavorCase: FlavorHarness.Case) async throws {
        let harness = try await FlavorHarness.start(flavorCase)
        let response = try await harness.post("/chat/completions", Self.chat("hello from the flavor test"))
        let finished = await harness.nextFinished()
        let recorded = harness.mock.recordedRequests.last
        await harness.stop()

        #expect(response.status == 200, "\(response.body)")
        let completion = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(response.body.utf8))
        #expect(completion.object == "chat.completion")
        #expect(completion.choices.first?.message.content?.plainText.contains("hello from the flavor test") == true)
        #expect(completion.choices.first?.finishReason == "stop")
        #expect((completion.usage?.promptTokens ?? 0) > 0)
        #expect(response.headers.first("content-type")?.hasPrefix("application/json") == true)
        #expect(finished?.usage?.completionTokens == completion.usage?.completionTokens)
        #expect(finished?.provider == "sim-\(flavorCase.flavor.rawValue)")
        if flavorCase.sendsRequestID {
            // The provider's own request id, for support tickets, whatever header it travels in.
            #expect(finished?.providerRequestID?.hasPrefix("mock-req-") == true)
            #expect(response.headers.first("x-request-id")?.hasPrefix("mock-req-") == true)
        }
        let headers = try #require(recorded?.headers)
        #expect(flavorCase.keyCheck(headers[flavorCase.keyHeader], FlavorHarness.providerKey), "\(headers[flavorCase.keyHeader] ?? "no key header")")
        #expect(!headers.values.contains { $0.contains(FlavorHarness.clientKey) })
    }

    @Test("streamed chat arrives as canonical chunks ending in [DONE]; usage only when asked for", arguments: cases)
    func stream(_ flavorCase: FlavorHarness.Case) async throws {
        let harness = try await FlavorHarness.start(flavorCase)
        let plain = try await harness.post("/chat/completions", Self.chat("stream me please", stream: true))
        let plainFinished = await harness.nextFinished()
        let withUsage = try await harness.post(
            "/chat/completions", Self.chat("stream me please", stream: true, extra: ["stream_options": .object(["include_usage": .bool(true)])]))
        await harness.stop()

        #expect(plain.status == 200, "\(plain.body)")
        #expect(plain.headers.first("content-type")?.hasPrefix("text/event-stream") == true)
        let lines = FlavorHarness.dataLines(plain.body)
        #expect(lines.last == "[DONE]")
        let chunks = try lines.dropLast().map { try JSONDecoder().decode(ChatCompletionChunk.self, from: Data($0.utf8)) }
        #expect(chunks.first?.choices.first?.delta.role == "assistant")
        let text = chunks.compactMap { $0.choices.first?.delta.content }.joined()
        #expect(text.contains("stream me please"))
        #expect(chunks.contains { $0.choices.first?.finishReason == "stop" })
        #expect(chunks.allSatisfy { $0.usage == nil }, "usage was not asked for")
        #expect((plainFinished?.usage?.completionTokens ?? 0) > 0, "usage is still accounted")

        let usageChunks = try FlavorHarness.dataLines(withUsage.body).dropLast().map {
            try JSONDecoder().decode(ChatCompletionChunk.self, from: Data($0.utf8))
        }.filter { $0.usage != nil }
        #expect(usageChunks.count == 1)
        #expect(usageChunks.first?.choices.isEmpty == true)
    }

    @Test("a tool call comes back as tool_calls and its result can be sent back", arguments: cases)
    func toolRoundTrip(_ flavorCase: FlavorHarness.Case) async throws {
        let harness = try await FlavorHarness.start(flavorCase)
        let first = try await harness.post(
            "/chat/completions", Self.chat("weather in Paris", extra: ["tools": .array([Self.weatherTool]), "tool_choice": .string("required")]))
        let completion = try? JSONDecoder().decode(ChatCompletionResponse.self, from: Data(first.body.utf8))
        let call = completion?.choices.first?.message.toolCalls?.first
        var second: (status: Int, headers: [HTTPField], body: String)?
        if let call {
            let messages: JSONValue = .array([
                .object(["role": .string("user"), "content": .string("weather in Paris")]),
                .object([
                    "role": .string("assistant"), "content": .null,
                    "tool_calls": .array([
                        .object([
                            "id": .string(call.id), "type": .string("function"),
                            "function": .object(["name": .string(call.function.name), "arguments": .string(call.function.arguments)]),
                        ])
                    ]),
                ]),
                .object(["role": .string("tool"), "tool_call_id": .string(call.id), "content": .string(#"{"temperature_c":18}"#)]),
            ])
            second = try await harness.post(
                "/chat/completions", .object(["model": .string("flavor-chat"), "messages": messages, "tools": .array([Self.weatherTool])]))
        }
        await harness.stop()

        #expect(first.status == 200, "\(first.body)")
        #expect(completion?.choices.first?.finishReason == "tool_calls")
        #expect(call?.function.name == "get_weather")
        let arguments = try #require(call?.function.arguments)
        let parsed = try JSONDecoder().decode(JSONValue.self, from: Data(arguments.utf8))
        #expect(parsed["city"]?.stringValue != nil)
        #expect(second?.status == 200, "\(second?.body ?? "")")
    }

    @Test("the provider's rate limit reaches the client in OpenAI's shape with its status and Retry-After", arguments: cases)
    func rateLimit(_ flavorCase: FlavorHarness.Case) async throws {
        let harness = try await FlavorHarness.start(flavorCase, faults: MockFaults(status: 429, retryAfter: 7))
        let response = try await harness.post("/chat/completions", Self.chat("limited"))
        await harness.stop()

        #expect(response.status == 429)
        #expect(response.headers.first("retry-after") == "7")
        let error = try JSONDecoder().decode(OpenAIErrorBody.self, from: Data(response.body.utf8))
        #expect(error.error.type == "rate_limit_error")
        #expect(error.error.message.contains("sim-\(flavorCase.flavor.rawValue)"))
    }

    @Test("embeddings come back as OpenAI's list", arguments: cases.filter(\.hasEmbeddings))
    func embeddings(_ flavorCase: FlavorHarness.Case) async throws {
        let harness = try await FlavorHarness.start(flavorCase)
        let texts = ["red apple", "green apple"].prefix(flavorCase.embeddingBatch)
        let response = try await harness.post(
            "/embeddings", .object(["model": .string("flavor-embed"), "input": .array(texts.map { .string($0) })]))
        let tooMany =
            flavorCase.embeddingBatch < 2
            ? try await harness.post(
                "/embeddings", .object(["model": .string("flavor-embed"), "input": .array([.string("a"), .string("b")])])) : nil
        await harness.stop()

        #expect(response.status == 200, "\(response.body)")
        let list = try JSONDecoder().decode(EmbeddingResponse.self, from: Data(response.body.utf8))
        #expect(list.data.count == texts.count)
        #expect(list.data.map(\.index) == Array(0..<texts.count))
        #expect((list.data.first?.embedding.count ?? 0) > 0)
        if let tooMany {
            // A batch the provider cannot take in one call is the client's to split: 400, not 500.
            #expect(tooMany.status == 400, "\(tooMany.body)")
        }
    }

    @Test("a provider without embeddings answers 400 naming it", arguments: cases.filter { !$0.hasEmbeddings })
    func noEmbeddings(_ flavorCase: FlavorHarness.Case) async throws {
        let harness = try await FlavorHarness.start(flavorCase)
        let response = try await harness.post("/embeddings", .object(["model": .string("flavor-embed"), "input": .string("x")]))
        let requests = harness.mock.stats.requests
        await harness.stop()

        #expect(response.status == 400)
        #expect(response.body.contains("sim-\(flavorCase.flavor.rawValue)"))
        #expect(requests == 0, "nothing went upstream")
    }
}
