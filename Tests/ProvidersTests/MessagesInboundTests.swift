import Foundation
import Providers
import SignalboxCore
import Testing

@Suite struct MessagesInboundTests {
    private func decode(_ json: String) throws(GatewayError) -> MessagesInboundRequest {
        try MessagesInboundRequest.decode(Array(json.utf8))
    }

    @Test func requestWithSystemImageAndToolsBecomesCanonical() throws {
        let request = try MessagesInboundRequest.decode(try Fixture.bytes("messages-inbound/request-system-image-tools.json"))
        let expected = try InboundGolden.json(try Fixture.bytes("messages-inbound/request-system-image-tools.canonical.json"))
        #expect(try InboundGolden.json(request.canonical) == expected)
        #expect(!request.isStreaming)
    }

    @Test func toolUseRoundTripKeepsTheCallID() throws {
        // The gateway's answer names the provider's call id as the tool_use id …
        let completion = try JSONDecoder().decode(
            ChatCompletionResponse.self, from: Data(try Fixture.bytes("messages-inbound/completion-tool-use.json")))
        let body = MessagesInbound.messageBody(from: completion, messageID: "msg_01Aq9w938a90dw8q")
        #expect(try InboundGolden.json(body) == InboundGolden.json(try Fixture.bytes("messages-inbound/message-tool-use.json")))

        // … and the client's tool_result for it becomes the canonical tool message for that call.
        let request = try MessagesInboundRequest.decode(try Fixture.bytes("messages-inbound/request-tool-result.json"))
        #expect(
            try InboundGolden.json(request.canonical) == InboundGolden.json(try Fixture.bytes("messages-inbound/request-tool-result.canonical.json")))
        #expect(request.isStreaming)
        #expect(request.canonical.messages[1].toolCalls?.first?.id == request.canonical.messages[2].toolCallID)
    }

    @Test(arguments: [("stop", "end_turn"), ("length", "max_tokens"), ("tool_calls", "tool_use"), ("content_filter", "refusal")])
    func finishReasonMapsBackToStopReason(finish: String, stopReason: String) {
        let completion = ChatCompletionResponse(
            id: "c", created: 1, model: "m",
            choices: [.init(index: 0, message: ChatMessage(role: .assistant, content: .text("x")), finishReason: finish)], usage: nil)
        let message = MessagesInbound.message(from: completion, messageID: "msg_1")
        #expect(message.stopReason == stopReason)
        #expect(message.usage == AnthropicUsage(inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0))
    }

    @Test func argumentsThatAreNotAnObjectBecomeAnEmptyInput() throws {
        let call = ToolCall(id: "call_1", function: .init(name: "f", arguments: #"{"a":"#))
        let completion = ChatCompletionResponse(
            id: "c", created: 1, model: "m",
            choices: [.init(index: 0, message: ChatMessage(role: .assistant, content: nil, toolCalls: [call]), finishReason: "length")],
            usage: nil)
        let message = MessagesInbound.message(from: completion, messageID: "msg_1")
        #expect(message.content == [.toolUse(id: "call_1", name: "f", input: .object([:]))])
    }

    @Test(arguments: [
        (#"{"model":"claude-sonnet-4-5","messages":[{"role":"user","content":"hi"}]}"#, "max_tokens"),
        (#"{"model":"claude-sonnet-4-5","max_tokens":10}"#, "messages"),
        (#"{"max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"#, "model"),
        (#"{"model":7,"max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"#, "model"),
        (#"{"model":"c","max_tokens":"ten","messages":[{"role":"user","content":"hi"}]}"#, "max_tokens"),
        (#"{"model":"c","max_tokens":10,"messages":[]}"#, "messages"),
        (#"{"model":"c","max_tokens":0,"messages":[{"role":"user","content":"hi"}]}"#, "max_tokens"),
        (#"{"model":"c","max_tokens":10,"messages":[{"role":"system","content":"hi"}]}"#, "messages[0].role"),
        (#"{"model":"c","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image"}]}]}"#, "messages[0].content[0].source"),
        (
            #"{"model":"c","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"web_search_20250305","name":"web_search"}]}"#,
            "tools[0].type"
        ),
    ])
    func invalidRequestsNameTheParameter(body: String, param: String) {
        #expect {
            _ = try decode(body)
        } throws: { error in
            guard let error = error as? GatewayError else { return false }
            return error.status == 400 && error.param == param
        }
    }

    @Test(arguments: [
        (400, "invalid_request_error"), (401, "authentication_error"), (403, "permission_error"), (404, "not_found_error"),
        (413, "request_too_large"), (429, "rate_limit_error"), (500, "api_error"), (502, "api_error"), (503, "overloaded_error"),
        (529, "overloaded_error"),
    ])
    func errorsTakeAnthropicsTypeForTheStatus(status: Int, type: String) throws {
        let error = GatewayError.upstream(provider: "p", status: status, message: "boom", type: nil, code: nil, param: nil, retryAfter: nil)
        let body = try InboundGolden.json(MessagesInbound.errorJSON(error))
        #expect(body["type"] == .string("error"))
        #expect(body["error"]?["type"] == .string(type))
        #expect(body["error"]?["message"] == .string(error.message))
    }
}
