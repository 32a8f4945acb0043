import Foundation
import Providers
import SignalboxCore
import Testing

/// Canonical requests → Gemini `generateContent` bodies, against the documented shapes in
/// Fixtures/gemini (https://ai.google.dev/api/generate-content).
@Suite struct GeminiRequestTests {
    static let provider = ProviderConfig(
        id: "gemini-main", kind: .gemini, baseURL: "https://generativelanguage.googleapis.com/v1beta", headers: ["x-team": "search"])
    let adapter = GeminiAdapter(provider: provider, clock: { 1_700_000_000 }, makeID: { "chatcmpl-fixed" })
    let key = ProviderKeyConfig(id: "primary", secret: Secret("AIza-test-key"))

    static let weatherTool = #"""
        {"type":"function","function":{"name":"get_current_weather","description":"Get the current weather in a given location",
         "parameters":{"type":"object","properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
         "unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"],"additionalProperties":false}}}
        """#

    private func canonical(_ json: String) throws -> ChatCompletionRequest {
        try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(json.utf8))
    }

    private func json(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    @Test func systemImagesToolsAndSamplingMapToTheDocumentedBody() throws {
        let request = try canonical(
            #"""
            {"model":"gemini-2.0-flash","messages":[
              {"role":"system","content":"You are a weather assistant."},
              {"role":"developer","content":[{"type":"text","text":"Answer in one sentence."}]},
              {"role":"user","content":[
                {"type":"text","text":"What is in this picture, and what is the weather there?"},
                {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}},
                {"type":"image_url","image_url":{"url":"https://example.com/photos/boston.webp?size=large","detail":"high"}},
                {"type":"image_url","image_url":{"url":"https://example.com/photos/latest"}}]}],
             "tools":[\#(Self.weatherTool)],
             "tool_choice":{"type":"function","function":{"name":"get_current_weather"}},
             "temperature":0.7,"top_p":0.9,"max_tokens":100,"max_completion_tokens":800,"stop":"Title","n":1,"seed":42,
             "presence_penalty":0.5,"frequency_penalty":0.25,"user":"ignored"}
            """#)
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key)
        #expect(outbound.method == .post)
        #expect(outbound.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent")
        #expect(outbound.headers.first("x-goog-api-key") == "AIza-test-key")
        #expect(outbound.headers.first("authorization") == nil, "Gemini keys go in x-goog-api-key only")
        #expect(outbound.headers.first("x-team") == "search")
        #expect(outbound.headers.first("content-type") == "application/json")
        #expect(try json(outbound.body) == json(Fixture.bytes("gemini/chat-request-system-image-tools.json")))
    }

    @Test func streamingUsesStreamGenerateContentWithSSE() throws {
        let request = try canonical(#"{"model":"models/gemini-2.5-pro","messages":[{"role":"user","content":"hi"}],"stream":true}"#)
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key)
        #expect(outbound.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse")
        let body = try json(outbound.body)
        #expect(body["contents"] == .array([.object(["role": .string("user"), "parts": .array([.object(["text": .string("hi")])])])]))
        #expect(body["generationConfig"] == nil, "nothing to configure: left out")
        #expect(body["stream"] == nil && body["model"] == nil, "canonical-only fields are not sent")
    }

    @Test func functionCallRoundTripNamesResultsAfterTheirCalls() throws {
        let request = try canonical(
            #"""
            {"model":"gemini-2.5-flash","messages":[
              {"role":"user","content":"What's the weather like in Boston and in Paris?"},
              {"role":"assistant","content":"Let me check both.","tool_calls":[
                {"id":"call_a","type":"function","function":{"name":"get_current_weather","arguments":"{\"location\":\"Boston, MA\"}"}},
                {"id":"call_b","type":"function","function":{"name":"get_current_weather","arguments":"{\"location\":\"Paris\",\"unit\":\"celsius\"}"}}]},
              {"role":"tool","tool_call_id":"call_a","content":"{\"temperature\":22,\"unit\":\"celsius\",\"description\":\"Sunny\"}"},
              {"role":"tool","tool_call_id":"call_b","content":"18 degrees and cloudy"},
              {"role":"user","content":"Thanks! Which is warmer?"}],
             "tools":[{"type":"function","function":{"name":"get_current_weather","description":"Get the current weather in a given location",
               "parameters":{"type":"object","properties":{"location":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"]}}}],
             "tool_choice":"auto"}
            """#)
        let body = try GeminiGenerateContentRequest(canonical: request)
        #expect(try json([UInt8](JSONEncoder().encode(body))) == json(Fixture.bytes("gemini/chat-request-function-round-trip.json")))
    }

    @Test func toolResultWithoutAKnownCallIsRejected() throws {
        let request = try canonical(#"{"model":"g","messages":[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"nope","content":"x"}]}"#)
        let error = try #require(throws: GatewayError.self) { try GeminiGenerateContentRequest(canonical: request) }
        #expect(error.status == 400)
        #expect(error.param == "messages[1].tool_call_id")
    }

    @Test func jsonSchemaResponseFormatUsesResponseJsonSchema() throws {
        let request = try canonical(
            #"""
            {"model":"gemini-2.5-flash","max_tokens":1024,"messages":[{"role":"user","content":"List a few popular cookie recipes, and include the amounts of ingredients."}],
             "response_format":{"type":"json_schema","json_schema":{"name":"recipes","strict":true,"schema":{
               "type":"array","items":{"type":"object","properties":{"recipeName":{"type":"string"},"ingredients":{"type":"array","items":{"type":"string"}}},
               "required":["recipeName","ingredients"],"additionalProperties":false}}}}}
            """#)
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: key)
        #expect(try json(outbound.body) == json(Fixture.bytes("gemini/chat-request-json-schema.json")))
    }

    @Test(arguments: [
        (#""auto""#, "AUTO", nil), (#""none""#, "NONE", nil), (#""required""#, "ANY", nil),
        (#"{"type":"function","function":{"name":"get_time"}}"#, "ANY", "get_time"),
    ] as [(String, String, String?)])
    func toolChoiceMapsToFunctionCallingMode(choice: String, mode: String, allowed: String?) throws {
        let request = try canonical(
            #"{"model":"g","messages":[{"role":"user","content":"hi"}],"tools":[\#(Self.weatherTool)],"tool_choice":\#(choice)}"#)
        let config = try #require(try GeminiGenerateContentRequest(canonical: request).toolConfig?.functionCallingConfig)
        #expect(config.mode == mode)
        #expect(config.allowedFunctionNames == allowed.map { [$0] })
    }

    @Test func jsonObjectModeAndSystemOnlyRequests() throws {
        let request = try canonical(
            #"{"model":"g","messages":[{"role":"system","content":"Reply with {}"}],"response_format":{"type":"json_object"}}"#)
        let body = try GeminiGenerateContentRequest(canonical: request)
        #expect(body.generationConfig?.responseMimeType == "application/json")
        #expect(body.generationConfig?.responseJsonSchema == nil)
        #expect(body.systemInstruction == nil)
        #expect(body.contents == [GeminiContent(role: "user", parts: [.text("Reply with {}")])], "Gemini needs a turn: the system text becomes one")
    }

    @Test func unsupportedInputsAreRejectedWithTheirParameter() throws {
        let badImage = try canonical(
            #"{"model":"g","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://example.com/x.png"}}]}]}"#)
        #expect(throws: GatewayError.self) { try GeminiGenerateContentRequest(canonical: badImage) }
        let badArguments = try canonical(
            #"{"model":"g","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"[1]"}}]}]}"#)
        let error = try #require(throws: GatewayError.self) { try GeminiGenerateContentRequest(canonical: badArguments) }
        #expect(error.param == "messages[0].tool_calls[0].function.arguments")
    }

    @Test func geminiRequestReadsBackIntoTheCanonicalRequest() throws {
        let gemini = try JSONDecoder().decode(
            GeminiGenerateContentRequest.self, from: Data(Fixture.bytes("gemini/chat-request-function-round-trip.json")))
        let request = gemini.chatCompletionRequest(model: "gemini-2.5-flash", stream: true)
        #expect(request.model == "gemini-2.5-flash")
        #expect(request.isStreaming)
        #expect(request.messages.map(\.role) == [.user, .assistant, .tool, .tool, .user])
        let calls = try #require(request.messages[1].toolCalls)
        #expect(calls.map(\.id) == ["call_0", "call_1"])
        #expect(calls[1].function.arguments == #"{"location":"Paris","unit":"celsius"}"#)
        #expect(request.messages[2].toolCallID == "call_0")
        #expect(request.messages[3].toolCallID == "call_1")
        #expect(request.messages[3].content == .text("18 degrees and cloudy"))
        #expect(request.toolChoice == .string("auto"))
        #expect(request.tools?.first?.function.parameters?["required"] == .array([.string("location")]))
    }
}
