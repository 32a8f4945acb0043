import Foundation
import Providers
import SignalboxCore
import Testing

/// The Messages → canonical direction (clients that speak Anthropic's API, the mock's flavor).
@Suite struct AnthropicMessagesRequestTests {
    private func decode(_ bytes: [UInt8]) throws -> AnthropicMessagesRequest {
        try JSONDecoder().decode(AnthropicMessagesRequest.self, from: Data(bytes))
    }

    @Test func goldenRequestReadsBackAsCanonical() throws {
        let messages = try decode(try Fixture.bytes("anthropic/messages-request-tools-images.json"))
        let request = try messages.canonical()
        #expect(request.model == "claude-opus-4-6")
        #expect(request.maxTokens == 1024)
        #expect(request.stop == ["\n\nHuman:"])
        #expect(request.stream == true)
        #expect(request.streamOptions?.includeUsage == true)
        #expect(request.toolChoice == .string("required"))
        #expect(request.extras["parallel_tool_calls"] == .bool(false))
        #expect(request.extras["user"] == .string("user-1234"))
        #expect(request.extras["top_k"] == .number(40))
        #expect(request.tools?.map(\.function.name) == ["get_weather", "get_time"])
        #expect(request.tools?.last?.function.strict == true)

        let roles = request.messages.map(\.role)
        #expect(roles == [.system, .user, .assistant, .tool, .tool, .user])
        #expect(request.messages[0].content == .text("You are a weather assistant.\n\nAnswer in one sentence."))
        guard case .parts(let parts)? = request.messages[1].content else {
            Issue.record("user content should be parts")
            return
        }
        #expect(parts[1] == .imageURL(url: "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ", detail: nil))
        #expect(parts[2] == .imageURL(url: "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavipes.jpg", detail: nil))
        let calls = try #require(request.messages[2].toolCalls)
        #expect(request.messages[2].content == nil)
        #expect(calls.map(\.function.arguments) == [#"{"location":"San Francisco, CA","unit":"celsius"}"#, #"{"timezone":"America/Los_Angeles"}"#])
        #expect(request.messages[3].toolCallID == "toolu_01A09q90qw90lq917835lq9")
        #expect(request.messages[3].content == .text("15 degrees"))
        #expect(request.messages[4].content == .parts([.text("09:30")]))
        #expect(request.messages[5].content == .parts([.text("And tomorrow?")]))
    }

    @Test func canonicalRoundTripRebuildsTheSameMessagesRequest() throws {
        let original = try decode(try Fixture.bytes("anthropic/messages-request-tools-images.json"))
        let rebuilt = try AnthropicMessagesRequest(canonical: try original.canonical())
        let encode = { (request: AnthropicMessagesRequest) throws -> JSONValue in
            try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(request))
        }
        #expect(try encode(rebuilt) == encode(original))
    }

    @Test func outputConfigFormatBecomesResponseFormat() throws {
        let body =
            #"{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"output_config":{"format":{"type":"json_schema","schema":{"type":"object"}}}}"#
        let request = try decode(Array(body.utf8)).canonical()
        #expect(request.extras["response_format"]?["type"] == .string("json_schema"))
        #expect(request.extras["response_format"]?["json_schema"]?["schema"] == .object(["type": .string("object")]))
        #expect(request.extras["output_config"] == nil)
    }

    @Test func serverToolsAndMisplacedToolUseAreRejected() throws {
        let server =
            #"{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"web_search_20250305","name":"web_search","max_uses":5}]}"#
        #expect { try decode(Array(server.utf8)).canonical() } throws: { ($0 as? GatewayError)?.param == "tools[0].type" }
        let misplaced = #"{"model":"m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"tool_use","id":"t","name":"f","input":{}}]}]}"#
        #expect { try decode(Array(misplaced.utf8)).canonical() } throws: { ($0 as? GatewayError)?.param == "messages[0].content[0]" }
    }

    @Test func missingMaxTokensDoesNotDecode() {
        let body = #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#
        #expect(throws: DecodingError.self) { try decode(Array(body.utf8)) }
    }
}
