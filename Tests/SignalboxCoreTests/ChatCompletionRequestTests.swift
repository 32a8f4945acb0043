import Foundation
import SignalboxCore
import Testing

@Suite("ChatCompletionRequest")
struct ChatCompletionRequestTests {
    func decode(_ json: String) throws -> ChatCompletionRequest {
        try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(json.utf8))
    }

    func json(_ request: ChatCompletionRequest) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(request))
    }

    @Test func decodesTypedFields() throws {
        let request = try decode(
            """
            {"model":"gpt-4o","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],
             "stream":true,"stream_options":{"include_usage":true},"temperature":0.2,"top_p":0.9,"max_tokens":50,
             "max_completion_tokens":60,"tool_choice":"auto",
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}
            """)
        #expect(request.model == "gpt-4o")
        #expect(request.messages.map(\.role) == [.system, .user])
        #expect(request.messages[1].content == .text("hi"))
        #expect(request.isStreaming)
        #expect(request.streamOptions?.includeUsage == true)
        #expect(request.temperature == 0.2)
        #expect(request.topP == 0.9)
        #expect(request.maxTokens == 50)
        #expect(request.maxCompletionTokens == 60)
        #expect(request.toolChoice == .string("auto"))
        #expect(request.tools?.first?.function.name == "get_weather")
        #expect(request.tools?.first?.function.parameters == .object(["type": .string("object")]))
        #expect(request.extras.isEmpty)
    }

    @Test func unknownFieldsLandInExtrasAndAreReEncoded() throws {
        let request = try decode(
            """
            {"model":"m","messages":[{"role":"user","content":"x","refusal":null}],"seed":7,
             "response_format":{"type":"json_object"},"logit_bias":{"50256":-100},"user":"u-1",
             "stream_options":{"include_usage":false,"future_flag":1}}
            """)
        #expect(request.extras["seed"] == .number(7))
        #expect(request.extras["response_format"] == .object(["type": .string("json_object")]))
        #expect(request.extras["logit_bias"] == .object(["50256": .number(-100)]))
        #expect(request.extras["user"] == .string("u-1"))
        #expect(request.extras["model"] == nil, "typed fields are not duplicated into extras")
        #expect(request.messages[0].extras == ["refusal": .null])
        #expect(request.streamOptions?.extras == ["future_flag": .number(1)])

        let encoded = try json(request)
        #expect(encoded["seed"] == .number(7))
        #expect(encoded["response_format"] == .object(["type": .string("json_object")]))
        #expect(encoded["user"] == .string("u-1"))
        #expect(encoded["stream_options"]?["future_flag"] == .number(1))
        #expect(encoded["messages"] == .array([.object(["role": .string("user"), "content": .string("x"), "refusal": .null])]))
        #expect(try JSONDecoder().decode(ChatCompletionRequest.self, from: JSONEncoder().encode(request)) == request)
    }

    @Test func stopAsStringOrArray() throws {
        let single = try decode(#"{"model":"m","messages":[],"stop":"END"}"#)
        #expect(single.stop == ["END"])
        let list = try decode(#"{"model":"m","messages":[],"stop":["a","b"]}"#)
        #expect(list.stop == ["a", "b"])
        let none = try decode(#"{"model":"m","messages":[]}"#)
        #expect(none.stop == nil)
        #expect(try json(single)["stop"] == .array([.string("END")]))
        #expect(try json(none)["stop"] == nil, "absent optional fields are not encoded")
    }

    @Test(arguments: [
        #"{"messages":[]}"#,
        #"{"model":5,"messages":[]}"#,
        #"{"model":"m"}"#,
        #"{"model":"m","messages":[{"role":"wizard","content":"x"}]}"#,
        #"{"model":"m","messages":[],"stop":5}"#,
    ])
    func rejectsInvalidRequests(_ body: String) {
        #expect(throws: DecodingError.self) { try decode(body) }
    }

    @Test func contentPartsRoundTrip() throws {
        let request = try decode(
            """
            {"model":"m","messages":[{"role":"user","content":[
              {"type":"text","text":"what is this?"},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"low"}},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}},
              {"type":"input_audio","input_audio":{"data":"UklGR","format":"wav"}}
            ]}]}
            """)
        let parts: [ContentPart] = [
            .text("what is this?"),
            .imageURL(url: "https://example.com/cat.png", detail: "low"),
            .imageURL(url: "data:image/png;base64,AAAA", detail: nil),
            .other(type: "input_audio", fields: ["input_audio": .object(["data": .string("UklGR"), "format": .string("wav")])]),
        ]
        #expect(request.messages[0].content == .parts(parts))
        #expect(request.messages[0].content?.plainText == "what is this?")

        let encoded = try json(request)
        let encodedParts = encoded["messages"].flatMap { value -> [JSONValue]? in
            guard case .array(let messages) = value, case .array(let parts)? = messages.first?["content"] else { return nil }
            return parts
        }
        #expect(
            encodedParts?[1]
                == .object([
                    "type": .string("image_url"), "image_url": .object(["url": .string("https://example.com/cat.png"), "detail": .string("low")]),
                ]))
        #expect(encodedParts?[2]["image_url"] == .object(["url": .string("data:image/png;base64,AAAA")]))
        #expect(
            encodedParts?[3]
                == .object(["type": .string("input_audio"), "input_audio": .object(["data": .string("UklGR"), "format": .string("wav")])]))
        #expect(try JSONDecoder().decode(ChatCompletionRequest.self, from: JSONEncoder().encode(request)) == request)
    }

    @Test func assistantToolCallsAndNullContentRoundTrip() throws {
        let request = try decode(
            """
            {"model":"m","messages":[
              {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}"}}]},
              {"role":"tool","tool_call_id":"call_1","content":"42"}]}
            """)
        #expect(request.messages[0].content == nil)
        #expect(request.messages[0].toolCalls?.first?.function.arguments == #"{"a":1}"#)
        #expect(request.messages[1].toolCallID == "call_1")
        let encoded = try json(request)
        guard case .array(let messages)? = encoded["messages"] else {
            Issue.record("messages missing")
            return
        }
        #expect(messages[0]["content"] == .null, "assistant content null is kept, not dropped")
        #expect(try JSONDecoder().decode(ChatCompletionRequest.self, from: JSONEncoder().encode(request)) == request)
    }
}
