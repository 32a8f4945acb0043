import Foundation
import Providers
import SignalboxCore
import Testing

@Suite struct BedrockAdapterTests {
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
    let adapter = BedrockAdapter(
        provider: ProviderConfig(
            id: "bedrock-main", kind: .bedrock, baseURL: "https://bedrock-runtime.us-east-1.amazonaws.com", region: "us-east-1"),
        clock: { BedrockAdapterTests.date }, makeID: { "chatcmpl-bedrock-test" })

    private func canonical(_ fixture: String) throws -> ChatCompletionRequest {
        try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(try Fixture.bytes("bedrock/\(fixture)")))
    }

    private func json(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    // MARK: Requests

    @Test func systemImageAndInferenceSettingsBuildTheDocumentedBody() throws {
        let request = try canonical("chat-system-image.json")
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: ProviderKeyConfig(id: "k", secret: Secret("bedrock-api-key")))
        #expect(outbound.url == "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse")
        #expect(outbound.method == .post)
        #expect(outbound.headers.first("authorization") == "Bearer bedrock-api-key")
        #expect(outbound.headers.first("accept") == "application/json")
        // `user` and `seed` are OpenAI-only and dropped; `guardrailConfig` is Converse's own and passes.
        #expect(try json(outbound.body) == json(try Fixture.bytes("bedrock/converse-system-image.json")))
    }

    @Test func toolRoundTripMergesToolResultWithTheNextUserTurn() throws {
        let request = try canonical("chat-tool-round-trip.json")
        let body = try JSONEncoder().encode(try BedrockAdapter.converseRequest(from: request))
        #expect(try json(Array(body)) == json(try Fixture.bytes("bedrock/converse-tool-round-trip.json")))
    }

    @Test func toolChoiceMapsToConverseChoices() throws {
        var request = try canonical("chat-tool-round-trip.json")
        request.toolChoice = .object(["type": .string("function"), "function": .object(["name": .string("top_song")])])
        #expect(try BedrockAdapter.converseRequest(from: request).toolConfig?.toolChoice == .object(["tool": .object(["name": .string("top_song")])]))
        request.toolChoice = .string("auto")
        let auto = try BedrockAdapter.converseRequest(from: request).toolConfig
        #expect(auto?.tools.count == 1)
        #expect(auto?.toolChoice == nil)
        // "none" with tool blocks in the history keeps the tools (Converse requires them) but forces nothing.
        request.toolChoice = .string("none")
        #expect(try BedrockAdapter.converseRequest(from: request).toolConfig?.toolChoice == nil)
        request.messages = [ChatMessage(role: .user, content: .text("hi"))]
        #expect(try BedrockAdapter.converseRequest(from: request).toolConfig == nil)
    }

    @Test func streamingUsesConverseStreamAndEventStreamAccept() throws {
        var request = try canonical("chat-system-image.json")
        request.stream = true
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: nil)
        #expect(outbound.url.hasSuffix("/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream"))
        #expect(outbound.headers.first("accept") == "application/vnd.amazon.eventstream")
        #expect(outbound.headers.first("authorization") == nil)
    }

    @Test func accessKeySignsWithSigV4ForBedrockInTheRegion() throws {
        let request = ChatCompletionRequest(model: "amazon.nova-lite-v1:0", messages: [ChatMessage(role: .user, content: .text("hi"))])
        let key = ProviderKeyConfig(
            id: "aws", secret: Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), accessKeyID: "AKIDEXAMPLE", sessionToken: Secret("token-1"))
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key)
        let authorization = try #require(outbound.headers.first("authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, "))
        #expect(authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "))
        #expect(outbound.headers.first("x-amz-date") == "20150830T123600Z")
        #expect(outbound.headers.first("x-amz-security-token") == "token-1")
        // The same inputs sign the same way (the signer is pure); a different body does not.
        let again = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key)
        #expect(again.headers.first("authorization") == authorization)
        var other = request
        other.temperature = 0.1
        #expect(try adapter.chatCompletionRequest(other, verbatimBody: nil, key: key).headers.first("authorization") != authorization)
    }

    @Test func httpImageURLsAreRefusedNamingThePart() throws {
        let request = ChatCompletionRequest(
            model: "m",
            messages: [
                ChatMessage(role: .user, content: .text("first")),
                ChatMessage(role: .user, content: .parts([.text("look"), .imageURL(url: "https://example.com/cat.png", detail: nil)])),
            ])
        do {
            _ = try BedrockAdapter.converseRequest(from: request)
            Issue.record("an http image URL cannot be sent to Converse")
        } catch let error as GatewayError {
            #expect(error.status == 400)
            #expect(error.param == "messages[1].content[1]")
            #expect(error.message.contains("data: URL"))
        }
    }

    @Test func consecutiveSameRoleMessagesAreMerged() throws {
        let request = ChatCompletionRequest(
            model: "m",
            messages: [
                ChatMessage(role: .user, content: .text("one")), ChatMessage(role: .user, content: .text("two")),
                ChatMessage(role: .assistant, content: .text("three")),
            ])
        let converse = try BedrockAdapter.converseRequest(from: request)
        #expect(converse.messages.map(\.role) == ["user", "assistant"])
        #expect(converse.messages[0].content == [.text("one"), .text("two")])
    }

    // MARK: Answers

    @Test func textAnswerBecomesChatCompletionWithCachedTokens() throws {
        let response = try #require(try adapter.chatCompletionResponse(body: try Fixture.bytes("bedrock/converse-response-text.json"), model: "claude"))
        #expect(response.id == "chatcmpl-bedrock-test")
        #expect(response.created == 1_440_938_160)
        #expect(response.model == "claude")
        #expect(response.choices.first?.message.content == .text("The picture shows a single white pixel."))
        #expect(response.choices.first?.finishReason == "stop")
        #expect(response.usage?.promptTokens == 42)
        #expect(response.usage?.completionTokens == 9)
        #expect(response.usage?.totalTokens == 51)
        #expect(response.usage?.promptTokensDetails?.cachedTokens == 12)
    }

    @Test func toolUseAnswerBecomesToolCalls() throws {
        let response = try #require(
            try adapter.chatCompletionResponse(body: try Fixture.bytes("bedrock/converse-response-tool-use.json"), model: "claude"))
        let choice = try #require(response.choices.first)
        #expect(choice.finishReason == "tool_calls")
        #expect(choice.message.content == .text("I'll look up the top song on WZPZ."))
        let call = try #require(choice.message.toolCalls?.first)
        #expect(call.id == "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q")
        #expect(call.type == "function")
        #expect(call.function.name == "top_song")
        #expect(call.function.arguments == #"{"sign":"WZPZ"}"#)
        #expect(response.usage?.promptTokensDetails == nil)
    }

    @Test(arguments: [
        ("end_turn", "stop"), ("stop_sequence", "stop"), ("max_tokens", "length"), ("tool_use", "tool_calls"),
        ("guardrail_intervened", "content_filter"), ("content_filtered", "content_filter"),
    ])
    func stopReasonsMapToFinishReasons(stopReason: String, finishReason: String) {
        #expect(BedrockAdapter.finishReason(stopReason) == finishReason)
    }

    @Test func unreadableAnswerIsA502() {
        #expect(throws: GatewayError.self) { try adapter.chatCompletionResponse(body: Array("<html>".utf8), model: "m") }
    }

    // MARK: Errors

    @Test func throttlingIsARateLimitError() throws {
        let error = adapter.error(
            status: 429,
            headers: [HTTPField("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/")],
            body: try Fixture.bytes("bedrock/error-throttling.json"))
        #expect(error.status == 429)
        #expect(error.type == "rate_limit_error")
        #expect(error.codeName == "ThrottlingException")
        #expect(error.provider == "bedrock-main")
        #expect(error.message.contains("Too many requests"))
    }

    @Test func tooLongPromptIsContextLengthExceeded() throws {
        let error = adapter.error(
            status: 400, headers: [HTTPField("X-Amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/")],
            body: try Fixture.bytes("bedrock/error-validation-context.json"))
        #expect(error.status == 400)
        #expect(error.type == "invalid_request_error")
        #expect(error.codeName == "context_length_exceeded")
    }

    @Test(arguments: [
        (403, "AccessDeniedException", "permission_error"), (403, "UnrecognizedClientException", "authentication_error"),
        (403, "InvalidSignatureException", "authentication_error"), (404, "ResourceNotFoundException", "invalid_request_error"),
        (503, "ServiceUnavailableException", "api_error"), (429, "ModelNotReadyException", "api_error"),
        (408, "ModelTimeoutException", "api_error"), (500, "InternalServerException", "api_error"),
    ])
    func exceptionNamesClassifyErrors(status: Int, exception: String, type: String) throws {
        let error = adapter.error(
            status: status, headers: [HTTPField("x-amzn-errortype", "\(exception):http://internal.amazon.com/coral/")],
            body: try Fixture.bytes("bedrock/error-access-denied.json"))
        #expect(error.status == status)
        #expect(error.type == type)
        #expect(error.codeName == exception)
    }

    @Test func errorNameFromBodyTypeAndPlainTextBodies() {
        let typed = adapter.error(
            status: 400, headers: [], body: Array(#"{"__type":"com.amazon.coral.validate#ValidationException","message":"bad"}"#.utf8))
        #expect(typed.codeName == "ValidationException")
        let plain = adapter.error(status: 502, headers: [], body: Array("Bad Gateway".utf8))
        #expect(plain.message.contains("Bad Gateway"))
        #expect(plain.type == "api_error")
    }

    // MARK: Embeddings

    @Test func titanEmbeddingsInvokeOneTextPerRequest() throws {
        let request = EmbeddingRequest(model: "amazon.titan-embed-text-v2:0", input: .text("hello world"), extras: ["dimensions": .number(256)])
        let outbound = try adapter.embeddingsRequest(request, key: nil)
        #expect(outbound.url == "https://bedrock-runtime.us-east-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke")
        #expect(try json(outbound.body) == .object(["inputText": .string("hello world"), "dimensions": .number(256)]))
        let many = EmbeddingRequest(model: "amazon.titan-embed-text-v2:0", input: .texts(["a", "b"]))
        #expect(throws: GatewayError.self) { try adapter.embeddingsRequest(many, key: nil) }

        let response = try #require(
            try adapter.embeddingsResponse(body: try Fixture.bytes("bedrock/titan-embed-response.json"), model: "amazon.titan-embed-text-v2:0"))
        #expect(response.data.map(\.embedding) == [[0.015625, -0.03125, 0.5, 0.25]])
        #expect(response.usage?.promptTokens == 6)
    }

    @Test func cohereEmbeddingsTakeSeveralTexts() throws {
        let request = EmbeddingRequest(model: "cohere.embed-english-v3", input: .texts(["hello", "world"]))
        let outbound = try adapter.embeddingsRequest(request, key: nil)
        #expect(try json(outbound.body) == .object(["texts": .array([.string("hello"), .string("world")]), "input_type": .string("search_document")]))
        let response = try #require(
            try adapter.embeddingsResponse(body: try Fixture.bytes("bedrock/cohere-embed-response.json"), model: "cohere.embed-english-v3"))
        #expect(response.data.map(\.index) == [0, 1])
        #expect(response.data[1].embedding == [0.3, -0.4])
    }

    @Test func registeredForTheBedrockKind() {
        let provider = ProviderConfig(id: "b", kind: .bedrock, baseURL: "https://bedrock-runtime.eu-west-1.amazonaws.com", region: "eu-west-1")
        #expect(ProviderKind.bedrock.makeAdapter(for: provider).requestIDHeader == "x-amzn-requestid")
    }
}
