import Foundation
import MockProvider
import Providers
import SignalboxCore
import Testing

/// The mock speaking Bedrock Runtime over HTTP (Converse, ConverseStream with binary event-stream
/// frames, InvokeModel embeddings), read back with the Bedrock adapter's own types and translators.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
@Suite struct BedrockFlavorTests {
    static let key = "AKIDMOCKBEDROCK"
    static let model = "anthropic.claude-3-haiku-20240307-v1:0"
    static let path = "/model/anthropic.claude-3-haiku-20240307-v1%3A0"

    private func configuration(chunks: Int = 4) -> MockProviderConfiguration {
        var configuration = MockProviderConfiguration(flavor: .bedrock, apiKey: Self.key)
        configuration.faults.chunks = chunks
        return configuration
    }

    private let bearer = [("Authorization", "Bearer \(key)")]

    private static let body = #"""
        {"system":[{"text":"You are terse."}],
         "messages":[{"role":"user","content":[{"text":"Hello there, Bedrock mock!"}]}],
         "inferenceConfig":{"maxTokens":50}}
        """#

    private static let toolBody = #"""
        {"messages":[{"role":"user","content":[{"text":"Weather in Paris?"}]}],
         "toolConfig":{"tools":[{"toolSpec":{"name":"get_weather","description":"Weather for a place",
           "inputSchema":{"json":{"type":"object","properties":{"location":{"type":"string"},"days":{"type":"integer"}},"required":["location"]}}}}],
           "toolChoice":{"any":{}}}}
        """#

    /// Reads a binary body to the end (the text helpers would mangle event-stream bytes).
    private func streamBytes(_ port: Int, path: String, body: String) async throws -> (LoopbackHTTPConnection.Head, [UInt8]) {
        let connection = try await LoopbackHTTPConnection.open(port: port)
        defer { connection.close() }
        try await connection.send("POST", path, headers: bearer + [("Content-Type", "application/json")], body: body)
        let head = try await connection.readHead()
        var bytes: [UInt8] = []
        while let piece = try await connection.readBodyPiece() { bytes += piece }
        return (head, bytes)
    }

    @Test func converseAnswersInConverseShape() async throws {
        try await withMock(configuration()) { _, port in
            let response = try await call(port, "POST", Self.path + "/converse", json: Self.body, headers: bearer)
            #expect(response.status == 200)
            let answer = try response.decode(BedrockConverseResponse.self)
            #expect(answer.stopReason == "end_turn")
            #expect(answer.output.message?.role == "assistant")
            guard case .text(let text)? = answer.output.message?.content.first else {
                Issue.record("expected a text block")
                return
            }
            #expect(text.hasPrefix("Mock reply to: Hello there, Bedrock mock!"))
            #expect(answer.usage?.inputTokens == 7, "system + user words")
            #expect(answer.usage?.outputTokens == text.split(separator: " ").count)
            let raw = try parseJSON(response.body)
            #expect(raw["choices"] == nil && raw["output"] != nil, "Bedrock's shape, not OpenAI's")

            let adapter = BedrockAdapter(provider: ProviderConfig(id: "mock-bedrock", kind: .bedrock, baseURL: "http://127.0.0.1"))
            let canonical = try #require(try adapter.chatCompletionResponse(body: Array(response.body.utf8), model: Self.model))
            #expect(canonical.choices.first?.message.content == .text(text))
            #expect(canonical.choices.first?.finishReason == "stop")
        }
    }

    @Test func bearerOrSigV4CredentialIsAccepted() async throws {
        try await withMock(configuration()) { server, port in
            let none = try await call(port, "POST", Self.path + "/converse", json: Self.body)
            #expect(none.status == 401)
            let error = try none.decode(BedrockErrorBody.self)
            #expect(error.type == "UnrecognizedClientException")
            #expect(error.message?.isEmpty == false)

            // The adapter signs with the mock key as access key id; the mock checks the credential scope.
            let adapter = BedrockAdapter(
                provider: ProviderConfig(id: "mock-bedrock", kind: .bedrock, baseURL: "http://127.0.0.1:\(port)", region: "us-west-2"))
            let request = ChatCompletionRequest(model: Self.model, messages: [ChatMessage(role: .user, content: .text("Signed hello"))])
            let outbound = try adapter.chatCompletionRequest(
                request, verbatimBody: nil, key: ProviderKeyConfig(id: "aws", secret: Secret("mock-secret"), accessKeyID: Self.key))
            let url = try #require(URLComponents(string: outbound.url))
            #expect(url.percentEncodedPath == Self.path + "/converse")
            let signed = try await call(
                port, "POST", url.percentEncodedPath, json: String(decoding: outbound.body, as: UTF8.self),
                headers: outbound.headers.filter { $0.name != "Content-Type" }.map { ($0.name, $0.value) })
            #expect(signed.status == 200)
            let canonical = try #require(try adapter.chatCompletionResponse(body: Array(signed.body.utf8), model: Self.model))
            #expect(canonical.choices.first?.message.content?.plainText.hasPrefix("Mock reply to: Signed hello") == true)
            let recorded = try #require(server.recordedRequests.last)
            #expect(recorded.headers["authorization"]?.contains("/us-west-2/bedrock/aws4_request") == true)

            let wrong = try await call(
                port, "POST", Self.path + "/converse", json: Self.body,
                headers: [("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDOTHER/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=00")])
            #expect(wrong.status == 401)
        }
    }

    @Test func converseStreamSendsEventStreamFramesThatTranslate() async throws {
        try await withMock(configuration(chunks: 4)) { server, port in
            let plain = try await call(port, "POST", Self.path + "/converse", json: Self.body, headers: bearer)
            guard case .text(let expected)? = try plain.decode(BedrockConverseResponse.self).output.message?.content.first else {
                Issue.record("expected a text block")
                return
            }
            let (head, bytes) = try await streamBytes(port, path: Self.path + "/converse-stream", body: Self.body)
            #expect(head.status == 200)
            #expect(head.headers["content-type"] == "application/vnd.amazon.eventstream")

            var decoder = AWSEventStreamDecoder()
            let messages = try decoder.append(bytes)
            try decoder.finish()
            #expect(
                messages.map(\.eventType) == [
                    "messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta", "contentBlockStop",
                    "messageStop", "metadata",
                ])
            #expect(messages.allSatisfy { $0.messageType == "event" && $0.contentType == "application/json" })

            var translator = BedrockStreamTranslator(provider: "mock-bedrock", id: "chatcmpl-1", created: 0, model: Self.model)
            let chunks = try translator.consume(bytes) + translator.finish()
            #expect(chunks.first?.choices.first?.delta.role == "assistant")
            #expect(chunks.compactMap { $0.choices.first?.delta.content }.joined() == expected)
            #expect(chunks.compactMap { $0.choices.first?.finishReason } == ["stop"])
            #expect(chunks.last?.usage?.promptTokens == 7)
            try await server.waitForStats(timeout: .seconds(10)) { $0.streamsCompleted == 1 }
        }
    }

    @Test func toolCallAnswersWithToolUseInBothModes() async throws {
        try await withMock(configuration(chunks: 3)) { _, port in
            let response = try await call(port, "POST", Self.path + "/converse", json: Self.toolBody, headers: bearer)
            #expect(response.status == 200)
            let answer = try response.decode(BedrockConverseResponse.self)
            #expect(answer.stopReason == "tool_use")
            guard case .toolUse(let use)? = answer.output.message?.content.first else {
                Issue.record("expected a toolUse block")
                return
            }
            #expect(use.name == "get_weather")
            #expect(use.input["location"] == .string("Weather in Paris?"))
            #expect(use.input["days"] == .number(1))

            let (_, bytes) = try await streamBytes(port, path: Self.path + "/converse-stream", body: Self.toolBody)
            var translator = BedrockStreamTranslator(provider: "mock-bedrock", id: "chatcmpl-2", created: 0, model: Self.model)
            let chunks = try translator.consume(bytes) + translator.finish()
            let deltas = chunks.compactMap { $0.choices.first?.delta.toolCalls?.first }
            #expect(deltas.first?.function?.name == "get_weather")
            #expect(deltas.first?.id?.hasPrefix("call_mock_") == true)
            let arguments = deltas.compactMap { $0.function?.arguments }.joined()
            #expect(try parseJSON(arguments) == .object(["days": .number(1), "location": .string("Weather in Paris?")]))
            #expect(chunks.compactMap { $0.choices.first?.finishReason } == ["tool_calls"])
        }
    }

    @Test func invokeEmbedsWithTitanAndCohereBodies() async throws {
        try await withMock(configuration()) { _, port in
            let titan = try await call(
                port, "POST", "/model/amazon.titan-embed-text-v2%3A0/invoke", json: #"{"inputText":"hello bedrock","dimensions":256}"#,
                headers: bearer)
            #expect(titan.status == 200)
            let answer = try titan.decode(BedrockTitanEmbedding.Response.self)
            #expect(answer.embedding.count == 256)
            #expect(answer.inputTextTokenCount == 2)

            let cohere = try await call(
                port, "POST", "/model/cohere.embed-english-v3/invoke", json: #"{"texts":["one","two"],"input_type":"search_query"}"#,
                headers: bearer)
            #expect(cohere.status == 200)
            let adapter = BedrockAdapter(provider: ProviderConfig(id: "mock-bedrock", kind: .bedrock, baseURL: "http://127.0.0.1"))
            let canonical = try #require(try adapter.embeddingsResponse(body: Array(cohere.body.utf8), model: "cohere.embed-english-v3"))
            #expect(canonical.data.count == 2)
            #expect(canonical.data[0].embedding.count == 64)
        }
    }

    @Test func unknownPathsAndMethodsAreRefused() async throws {
        try await withMock(configuration()) { _, port in
            let unknown = try await call(port, "POST", Self.path + "/unknown", json: Self.body, headers: bearer)
            let wrongMethod = try await call(port, "GET", Self.path + "/converse", headers: bearer)
            let models = try await call(port, "GET", "/foundation-models", headers: bearer)
            #expect(unknown.status == 404)
            #expect(wrongMethod.status == 405)
            #expect(models.status == 404, "the runtime host has no model list")
        }
    }

    @Test func injectedThrottlingNamesTheException() async throws {
        var configuration = configuration()
        configuration.faults.failRate = 1
        configuration.faults.status = 429
        try await withMock(configuration) { _, port in
            let response = try await call(port, "POST", Self.path + "/converse", json: Self.body, headers: bearer)
            #expect(response.status == 429)
            let adapter = BedrockAdapter(provider: ProviderConfig(id: "mock-bedrock", kind: .bedrock, baseURL: "http://127.0.0.1"))
            let error = adapter.error(status: 429, headers: [], body: Array(response.body.utf8))
            #expect(error.codeName == "ThrottlingException")
            #expect(error.type == "rate_limit_error")
        }
    }
}
