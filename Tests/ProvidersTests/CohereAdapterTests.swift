import Foundation
import Providers
import SignalboxCore
import Testing

@Suite struct CohereAdapterTests {
    let adapter = CohereAdapter(
        provider: ProviderConfig(id: "cohere-main", kind: .cohere, baseURL: "https://api.cohere.com/v2", headers: ["X-Client-Name": "signalbox"]),
        now: { 1_700_000_000 })
    let key = ProviderKeyConfig(id: "primary", secret: Secret("co-secret"))

    private func canonical(_ json: String) throws -> ChatCompletionRequest {
        try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(json.utf8))
    }

    private func json(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    // MARK: Requests

    @Test func systemMessagesVisionPartsAndSamplingParametersTranslate() throws {
        let request = try canonical(
            #"""
            {"model":"command-a-vision-07-2025","messages":[
              {"role":"system","content":"You respond in concise sentences."},
              {"role":"developer","content":[{"type":"text","text":"Answer in English."}]},
              {"role":"user","content":[{"type":"text","text":"Describe the logo."},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"low"}}]}],
             "max_completion_tokens":256,"temperature":0.3,"top_p":0.75,"stop":"END","seed":42,"frequency_penalty":0.5,
             "k":10,"user":"u-1","stream":false,"logit_bias":{"50256":-100}}
            """#)
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key)
        #expect(outbound.method == .post)
        #expect(outbound.url == "https://api.cohere.com/v2/chat")
        #expect(outbound.headers.first("authorization") == "Bearer co-secret")
        #expect(outbound.headers.first("accept") == "application/json")
        #expect(outbound.headers.first("content-type") == "application/json")
        #expect(outbound.headers.first("x-client-name") == "signalbox")
        #expect(try json(outbound.body) == json(Fixture.bytes("cohere/chat-request-system-vision.json")))
    }

    @Test func toolsToolChoiceAndToolResultRoundTripTranslate() throws {
        let request = try canonical(
            #"""
            {"model":"command-a-03-2025","stream":true,"stream_options":{"include_usage":true},"tool_choice":"required",
             "parallel_tool_calls":false,
             "messages":[
              {"role":"user","content":"What's the weather in Toronto?"},
              {"role":"assistant","content":"I will search for the weather in Toronto.","tool_calls":[
                {"id":"get_weather_1byjy32y4hvq","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Toronto\"}"}}]},
              {"role":"tool","tool_call_id":"get_weather_1byjy32y4hvq","content":"{\"temperature\": {\"toronto\": \"20C\"}}"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"gets the weather of a given location","strict":true,
               "parameters":{"type":"object","properties":{"location":{"type":"string","description":"the location to get weather, example: San Francisco, CA"}},"required":["location"]}}}]}
            """#)
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key)
        #expect(outbound.headers.first("accept") == "text/event-stream")
        #expect(try json(outbound.body) == json(Fixture.bytes("cohere/chat-request-tools.json")))
    }

    @Test func namedToolChoiceIsEmulatedWithRequiredAndOnlyThatTool() throws {
        let request = try canonical(
            #"""
            {"model":"command-a-03-2025","messages":[{"role":"user","content":"hi"}],
             "tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b"}}],
             "tool_choice":{"type":"function","function":{"name":"b"}}}
            """#)
        let body = try json(adapter.chatCompletionRequest(request, verbatimBody: nil, key: key).body)
        #expect(body["tool_choice"] == .string("REQUIRED"))
        #expect(body["tools"] == .array([.object(["type": .string("function"), "function": .object(["name": .string("b")])])]))

        var none = request
        none.toolChoice = .string("none")
        #expect(try json(adapter.chatCompletionRequest(none, verbatimBody: nil, key: key).body)["tool_choice"] == .string("NONE"))
        none.toolChoice = .string("auto")
        #expect(try json(adapter.chatCompletionRequest(none, verbatimBody: nil, key: key).body)["tool_choice"] == nil)
    }

    @Test func jsonSchemaResponseFormatBecomesJSONObjectWithInlineSchema() throws {
        let request = try canonical(
            #"""
            {"model":"command-a-03-2025","messages":[{"role":"user","content":"Generate a JSON describing a book, with the fields 'title' and 'author' and 'publication_year'"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"book","strict":true,"schema":{"type":"object",
               "properties":{"title":{"type":"string"},"author":{"type":"string"},"publication_year":{"type":"integer"}},
               "required":["title","author","publication_year"]}}}}
            """#)
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key)
        #expect(try json(outbound.body) == json(Fixture.bytes("cohere/chat-request-json-schema.json")))

        var plain = request
        plain.extras["response_format"] = .object(["type": .string("json_object")])
        let body = try json(adapter.chatCompletionRequest(plain, verbatimBody: nil, key: key).body)
        #expect(body["response_format"] == .object(["type": .string("json_object")]))
    }

    @Test func requestsCohereCannotExpressAreRefused() throws {
        let several = try canonical(#"{"model":"m","messages":[{"role":"user","content":"hi"}],"n":2}"#)
        #expect(throws: GatewayError.self) { try adapter.chatCompletionRequest(several, verbatimBody: nil, key: key) }
        let audio = try canonical(
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AA==","format":"wav"}}]}]}"#)
        do {
            _ = try adapter.chatCompletionRequest(audio, verbatimBody: nil, key: key)
            Issue.record("an audio part was accepted")
        } catch let error as GatewayError {
            #expect(error.status == 400)
            #expect(error.param == "messages[0].content[0]")
        }
    }

    // MARK: Answers

    @Test func textAnswerTranslatesWithTokenUsage() throws {
        let response = try #require(
            try adapter.chatCompletionResponse(body: Fixture.bytes("cohere/chat-response-text.json"), model: "command-a-03-2025"))
        #expect(response.id == "c14c80c3-18eb-4519-9460-6c92edd8cfb4")
        #expect(response.object == "chat.completion")
        #expect(response.created == 1_700_000_000)
        #expect(response.model == "command-a-03-2025")
        let choice = try #require(response.choices.first)
        #expect(choice.finishReason == "stop")
        #expect(choice.message.role == .assistant)
        #expect(choice.message.content?.plainText.hasPrefix("LLMs stand for Large Language Models") == true)
        #expect(choice.message.toolCalls == nil)
        // `tokens` wins over `billed_units`.
        #expect(response.usage?.promptTokens == 71)
        #expect(response.usage?.completionTokens == 418)
        #expect(response.usage?.totalTokens == 489)
    }

    @Test func toolCallAnswerTranslatesWithPlanAsContentAndBilledUsage() throws {
        let response = try #require(
            try adapter.chatCompletionResponse(body: Fixture.bytes("cohere/chat-response-tool-call.json"), model: "command-a-03-2025"))
        let choice = try #require(response.choices.first)
        #expect(choice.finishReason == "tool_calls")
        #expect(choice.message.content == .text("I will search for the weather in Toronto."))
        #expect(
            choice.message.toolCalls == [
                ToolCall(id: "get_weather_1byjy32y4hvq", function: .init(name: "get_weather", arguments: #"{"location":"Toronto"}"#))
            ])
        #expect(response.usage?.promptTokens == 37)
        #expect(response.usage?.completionTokens == 28)
    }

    @Test(arguments: [("STOP_SEQUENCE", "stop"), ("MAX_TOKENS", "length"), ("COMPLETE", "stop"), ("TOOL_CALL", "tool_calls")])
    func finishReasonsMap(cohere: String, expected: String) throws {
        let body =
            #"{"id":"x","finish_reason":"\#(cohere)","message":{"role":"assistant","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}}"#
        let response = try #require(try adapter.chatCompletionResponse(body: Array(body.utf8), model: "m"))
        #expect(response.choices.first?.finishReason == expected)
        #expect(response.choices.first?.message.content == .text("ab"))
        #expect(response.usage == nil)
    }

    @Test func failedGenerationsAndUnreadableAnswersThrow() throws {
        let error = #"{"id":"x","finish_reason":"ERROR","message":{"role":"assistant","content":[]}}"#
        #expect(throws: GatewayError.self) { try adapter.chatCompletionResponse(body: Array(error.utf8), model: "m") }
        do {
            _ = try adapter.chatCompletionResponse(
                body: Array(#"{"id":"x","finish_reason":"TIMEOUT","message":{"role":"assistant"}}"#.utf8), model: "m")
            Issue.record("a TIMEOUT ending was accepted")
        } catch let error as GatewayError {
            #expect(error.status == 504)
        }
        do {
            _ = try adapter.chatCompletionResponse(body: Array("<html>".utf8), model: "m")
            Issue.record("an HTML body was accepted")
        } catch let error as GatewayError {
            #expect(error.status == 502)
        }
    }

    // MARK: Errors

    @Test func rateLimitKeepsStatusAndRetryAfter() throws {
        let error = adapter.error(status: 429, headers: [HTTPField("Retry-After", "12")], body: try Fixture.bytes("cohere/error-429.json"))
        #expect(error.status == 429)
        #expect(error.type == "rate_limit_error")
        #expect(error.codeName == "rate_limit_exceeded")
        #expect(error.retryAfter == 12)
        #expect(error.provider == "cohere-main")
        #expect(error.message.contains("limited to 20 API calls / minute"))
        #expect(!error.message.contains("co-secret"))
    }

    @Test func badRequestsAndContextLengthAreInvalidRequests() throws {
        let tooLong = adapter.error(status: 400, headers: [], body: try Fixture.bytes("cohere/error-400-too-many-tokens.json"))
        #expect(tooLong.status == 400)
        #expect(tooLong.type == "invalid_request_error")
        #expect(tooLong.codeName == "context_length_exceeded")
        let invalid = adapter.error(status: 400, headers: [], body: try Fixture.bytes("cohere/error-400.json"))
        #expect(invalid.type == "invalid_request_error")
        #expect(invalid.codeName == nil)
        #expect(invalid.message.contains("cannot specify both frequency_penalty and presence_penalty"))
    }

    @Test func serverErrorsAndOtherStatusesMap() throws {
        let server = adapter.error(status: 500, headers: [], body: try Fixture.bytes("cohere/error-500.json"))
        #expect(server.status == 500)
        #expect(server.type == "api_error")
        #expect(server.message.contains("internal server error"))
        let unauthorized = adapter.error(status: 401, headers: [], body: Array(#"{"message":"invalid api token"}"#.utf8))
        #expect(unauthorized.type == "authentication_error")
        #expect(unauthorized.codeName == "invalid_api_key")
        let billing = adapter.error(status: 402, headers: [], body: Array(#"{"message":"Please add or update your payment method"}"#.utf8))
        #expect(billing.status == 402)
        #expect(billing.codeName == "insufficient_quota")
        let html = adapter.error(status: 503, headers: [], body: Array("<html>Service Unavailable</html>".utf8))
        #expect(html.status == 503)
        #expect(html.type == "api_error")
        #expect(html.message.contains("Service Unavailable"))
    }

    // MARK: Embeddings

    @Test func embedRequestUsesTextsInputTypeAndOutputDimension() throws {
        let request = EmbeddingRequest(
            model: "embed-v4.0", input: .texts(["hello", "goodbye"]),
            extras: ["input_type": .string("classification"), "dimensions": .number(256), "encoding_format": .string("float")])
        let outbound = try adapter.embeddingsRequest(request, key: key)
        #expect(outbound.url == "https://api.cohere.com/v2/embed")
        #expect(outbound.headers.first("authorization") == "Bearer co-secret")
        #expect(try json(outbound.body) == json(Fixture.bytes("cohere/embed-request.json")))

        let plain = try json(adapter.embeddingsRequest(EmbeddingRequest(model: "embed-v4.0", input: .text("hi")), key: key).body)
        #expect(plain["input_type"] == .string("search_document"))
        #expect(plain["texts"] == .array([.string("hi")]))
        #expect(plain["output_dimension"] == nil)
        #expect(throws: GatewayError.self) { try adapter.embeddingsRequest(EmbeddingRequest(model: "e", input: .tokens([1, 2])), key: key) }
    }

    @Test func embedResponseTranslatesFloatsAndBilledTokens() throws {
        let response = try #require(try adapter.embeddingsResponse(body: Fixture.bytes("cohere/embed-response.json"), model: "embed-v4.0"))
        #expect(response.object == "list")
        #expect(response.model == "embed-v4.0")
        #expect(response.data.map(\.index) == [0, 1])
        #expect(response.data[0].embedding == [0.016296387, -0.008354187, -0.04699707, 0.031402588])
        #expect(response.data[1].embedding.count == 4)
        #expect(response.usage?.promptTokens == 2)
        #expect(response.usage?.completionTokens == 0)
    }

    @Test func registeredForTheCohereKind() {
        let adapter = ProviderKind.cohere.makeAdapter(for: ProviderConfig(id: "c", kind: .cohere, baseURL: "https://api.cohere.com/v2"))
        #expect(adapter is CohereAdapter)
        #expect(adapter.requestIDHeader == "x-debug-trace-id")
    }
}
