import Foundation
import Providers
import SignalboxCore
import Testing

/// JSON and SSE helpers for the inbound translators' golden tests: documents are compared as
/// JSON values, so key order does not matter.
enum InboundGolden {
    static func json(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    static func json(_ value: some Encodable) throws -> JSONValue {
        try json([UInt8](JSONEncoder().encode(value)))
    }

    struct Event: Equatable {
        var name: String
        var data: JSONValue
    }

    /// Splits `event: X\ndata: {…}\n\n` frames.
    static func events(_ bytes: [UInt8]) throws -> [Event] {
        let text = String(decoding: bytes, as: UTF8.self)
        return try text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.map { frame in
            var name = ""
            var data = ""
            for line in frame.split(separator: "\n") {
                if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            return Event(name: name, data: try json(Array(data.utf8)))
        }
    }

    static func chunk(
        _ content: String? = nil, role: String? = nil, tools: [ChatCompletionChunk.ToolCallDelta]? = nil, finish: String? = nil,
        usage: Usage? = nil, model: String = "gpt-4.1-2025-04-14"
    ) -> ChatCompletionChunk {
        let choices =
            content == nil && role == nil && tools == nil && finish == nil
            ? [] : [ChatCompletionChunk.Choice(index: 0, delta: .init(role: role, content: content, toolCalls: tools), finishReason: finish)]
        return ChatCompletionChunk(id: "chatcmpl-1", created: 1_741_290_958, model: model, choices: choices, usage: usage)
    }
}

@Suite struct ResponsesInboundTests {
    let responseID = "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b"

    private func decode(_ json: String) throws(GatewayError) -> ResponsesInboundRequest {
        try ResponsesInboundRequest.decode(Array(json.utf8))
    }

    private func completion(_ message: ChatMessage, finish: String, usage: Usage? = Usage(promptTokens: 10, completionTokens: 5))
        -> ChatCompletionResponse
    {
        ChatCompletionResponse(
            id: "chatcmpl-1", created: 1, model: "gpt-4.1-2025-04-14", choices: [.init(index: 0, message: message, finishReason: finish)],
            usage: usage)
    }

    @Test func stringInputBecomesInstructionsAndOneUserMessage() throws {
        let request = try ResponsesInboundRequest.decode(try Fixture.bytes("responses-inbound/request-string-input.json"))
        #expect(
            try InboundGolden.json(request.canonical)
                == InboundGolden.json(try Fixture.bytes("responses-inbound/request-string-input.canonical.json")))
        #expect(request.conversation.map(\.role) == [.user])
        #expect(request.previousResponseID == nil)
        #expect(request.store)
        #expect(request.metadata == ["topic": .string("js")])
        #expect(!request.isStreaming)
    }

    @Test func itemListWithFunctionCallsAndOutputs() throws {
        let request = try ResponsesInboundRequest.decode(try Fixture.bytes("responses-inbound/request-items-function-call-output.json"))
        let expected = try InboundGolden.json(try Fixture.bytes("responses-inbound/request-items-function-call-output.canonical.json"))
        #expect(try InboundGolden.json(request.canonical) == expected)
        #expect(request.isStreaming)
        // The two function calls became one assistant message, as Chat Completions needs them.
        #expect(request.canonical.messages[2].toolCalls?.map(\.id) == ["call_12345xyz", "call_67890abc"])
    }

    @Test func textAnswerMatchesTheDocumentedResponseObject() throws {
        let request = try ResponsesInboundRequest.decode(try Fixture.bytes("responses-inbound/request-string-input.json"))
        let completion = try JSONDecoder().decode(
            ChatCompletionResponse.self, from: Data(try Fixture.bytes("responses-inbound/completion-text.json")))
        let answer = ResponsesInbound.answer(completion, for: request, responseID: responseID, createdAt: 1_741_476_542)
        #expect(try InboundGolden.json(answer.body) == InboundGolden.json(try Fixture.bytes("responses-inbound/response-text.json")))
        // Stored for previous_response_id: input and answer, not the instructions.
        #expect(answer.conversation.map(\.role) == [.user, .assistant])
        #expect(answer.conversation[1].content?.plainText.hasPrefix("Arr, matey!") == true)
    }

    /// The fields the official SDKs' `Response` model requires are always on the wire.
    @Test func responseObjectCarriesEveryFieldTheSDKsRequire() throws {
        let request = try decode(#"{"model":"gpt-4.1","input":"hi"}"#)
        let answer = ResponsesInbound.answer(
            completion(ChatMessage(role: .assistant, content: .text("hello")), finish: "stop"), for: request, responseID: "resp_1", createdAt: 7)
        guard case .object(let object) = try InboundGolden.json(answer.body) else {
            Issue.record("not an object")
            return
        }
        for field in [
            "id", "object", "created_at", "status", "error", "incomplete_details", "instructions", "model", "output", "parallel_tool_calls",
            "tool_choice", "tools", "temperature", "top_p", "text", "usage", "metadata",
        ] {
            #expect(object[field] != nil, "missing \(field)")
        }
        #expect(object["object"] == .string("response"))
        guard case .object(let usage) = object["usage"] ?? .null else {
            Issue.record("no usage")
            return
        }
        #expect(usage["input_tokens_details"]?["cached_tokens"] == .number(0))
        #expect(usage["output_tokens_details"]?["reasoning_tokens"] == .number(0))
        #expect(usage["total_tokens"] == .number(15))
    }

    @Test func lengthFinishIsIncompleteWithMaxOutputTokens() throws {
        let request = try decode(#"{"model":"gpt-4.1","input":"Write a long poem","max_output_tokens":16}"#)
        let answer = ResponsesInbound.answer(
            completion(ChatMessage(role: .assistant, content: .text("Roses are")), finish: "length"), for: request, responseID: "resp_1",
            createdAt: 1)
        #expect(answer.response.status == "incomplete")
        #expect(answer.response.incompleteDetails?.reason == "max_output_tokens")
        #expect(answer.response.maxOutputTokens == 16)
        #expect(answer.response.output == [.message(id: "msg_1_0", status: "incomplete", content: [.outputText("Roses are")])])
    }

    @Test func toolCallsBecomeFunctionCallItems() throws {
        let request = try decode(
            #"{"model":"gpt-4.1","input":"weather?","tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"}}]}"#)
        let call = ToolCall(id: "call_abc", function: .init(name: "get_weather", arguments: #"{"location":"Paris"}"#))
        let answer = ResponsesInbound.answer(
            completion(ChatMessage(role: .assistant, content: nil, toolCalls: [call]), finish: "tool_calls"), for: request,
            responseID: "resp_9", createdAt: 1)
        #expect(answer.response.status == "completed")
        #expect(
            answer.response.output == [
                .functionCall(id: "fc_9_0", callID: "call_abc", name: "get_weather", arguments: #"{"location":"Paris"}"#, status: "completed")
            ])
        #expect(answer.response.tools.first?.name == "get_weather")
        #expect(answer.conversation.last?.toolCalls == [call])
    }

    @Test func previousResponseIDIsResolvedByPrependingTheStoredConversation() throws {
        let request = try decode(
            #"{"model":"gpt-4.1","previous_response_id":"resp_1","instructions":"Be brief.","input":[{"type":"function_call_output","call_id":"call_abc","output":"18C"}]}"#
        )
        #expect(request.previousResponseID == "resp_1")
        let stored = [
            ChatMessage(role: .user, content: .text("weather?")),
            ChatMessage(
                role: .assistant, content: nil, toolCalls: [ToolCall(id: "call_abc", function: .init(name: "get_weather", arguments: "{}"))]),
        ]
        let resolved = request.withHistory(stored)
        #expect(resolved.canonical.messages.map(\.role) == [.system, .user, .assistant, .tool])
        #expect(resolved.canonical.messages[3].toolCallID == "call_abc")
        #expect(resolved.conversation.map(\.role) == [.user, .assistant, .tool])
        // Only previous_response_id may stand in for input.
        #expect(try decode(#"{"model":"gpt-4.1","previous_response_id":"resp_1"}"#).conversation.isEmpty)
    }

    @Test(arguments: [
        (#"{"input":"hi"}"#, "model"),
        (#"{"model":"gpt-4.1"}"#, "input"),
        (#"{"model":"gpt-4.1","input":42}"#, "input"),
        (#"{"model":"gpt-4.1","input":[{"role":"critic","content":"x"}]}"#, "input[0].role"),
        (#"{"model":"gpt-4.1","input":[{"type":"function_call","name":"f","arguments":"{}"}]}"#, "input[0].call_id"),
        (#"{"model":"gpt-4.1","input":[{"type":"web_search_call","id":"ws_1"}]}"#, "input[0].type"),
        (#"{"model":"gpt-4.1","input":[{"type":"item_reference","id":"msg_1"}]}"#, "input[0]"),
        (#"{"model":"gpt-4.1","input":[{"role":"user","content":[{"type":"input_image","file_id":"file-1"}]}]}"#, "input[0].content[0].file_id"),
        (#"{"model":"gpt-4.1","input":"hi","tools":[{"type":"web_search"}]}"#, "tools[0].type"),
        (#"{"model":"gpt-4.1","input":"hi","tool_choice":{"type":"file_search"}}"#, "tool_choice"),
        (#"{"model":"gpt-4.1","input":"hi","text":{"format":{"type":"json_schema","schema":{}}}}"#, "text.format.name"),
        (#"{"model":"gpt-4.1","input":"hi","temperature":"hot"}"#, "temperature"),
        (#"{"model":"gpt-4.1","input":"hi","background":true}"#, "background"),
    ])
    func invalidRequestsNameTheParameter(body: String, param: String) {
        #expect {
            _ = try decode(body)
        } throws: { error in
            guard let error = error as? GatewayError else { return false }
            return error.status == 400 && error.param == param
        }
    }

    @Test func malformedJSONIsInvalidJSON() {
        #expect {
            _ = try decode(#"{"model":"#)
        } throws: { error in
            (error as? GatewayError)?.codeName == "invalid_json"
        }
    }

    @Test func jsonObjectFormatAndPassThroughFields() throws {
        let request = try decode(
            #"{"model":"gpt-4.1","input":"hi","text":{"format":{"type":"json_object"},"verbosity":"low"},"service_tier":"flex","include":["reasoning.encrypted_content"]}"#
        )
        #expect(request.canonical.extras["response_format"] == .object(["type": .string("json_object")]))
        #expect(request.canonical.extras["verbosity"] == .string("low"))
        #expect(request.canonical.extras["service_tier"] == .string("flex"))
        // Responses-only fields are not sent on to a Chat Completions provider.
        #expect(request.canonical.extras["include"] == nil)
    }
}
