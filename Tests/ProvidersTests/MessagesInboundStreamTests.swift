import Foundation
import Providers
import SignalboxCore
import Testing

@Suite struct MessagesInboundStreamTests {
    private typealias C = InboundGolden

    @Test func textThenToolCallMatchesTheGoldenTranscript() throws {
        var encoder = MessagesStreamEncoder(messageID: "msg_014p7gG3wDgGV9EUtLvnow3U", model: "claude-sonnet-4-5")
        let model = "claude-sonnet-4-5-20250929"
        var bytes: [UInt8] = []
        bytes += encoder.encode(C.chunk("", role: "assistant", model: model))
        bytes += encoder.encode(C.chunk("Okay, let's check", model: model))
        bytes += encoder.encode(C.chunk(" the weather for San Francisco, CA:", model: model))
        bytes += encoder.encode(
            C.chunk(
                tools: [.init(index: 0, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", type: "function", function: .init(name: "get_weather", arguments: ""))],
                model: model))
        bytes += encoder.encode(C.chunk(tools: [.init(index: 0, function: .init(arguments: #"{"location":"#))], model: model))
        bytes += encoder.encode(C.chunk(tools: [.init(index: 0, function: .init(arguments: #" "San Francisco, CA"}"#))], model: model))
        bytes += encoder.encode(C.chunk(finish: "tool_calls", model: model))
        bytes += encoder.encode(C.chunk(usage: Usage(promptTokens: 472, completionTokens: 89), model: model))
        #expect(encoder.finish().isEmpty, "the usage chunk after the finish reason already ended the message")
        #expect(try C.events(bytes) == C.events(try Fixture.bytes("messages-inbound/stream-text-then-tool.sse")))
    }

    @Test func blocksAreNumberedAsTextAndToolCallsAlternate() throws {
        var encoder = MessagesStreamEncoder(messageID: "msg_1", model: "m")
        var bytes = encoder.encode(C.chunk(tools: [.init(index: 0, id: "call_a", function: .init(name: "a", arguments: "{}"))]))
        bytes += encoder.encode(C.chunk("between"))
        bytes += encoder.encode(C.chunk(tools: [.init(index: 1, id: "call_b", function: .init(name: "b", arguments: "{}"))]))
        bytes += encoder.finish(usage: Usage(promptTokens: 3, completionTokens: 4))
        let events = try C.events(bytes)
        let starts = events.filter { $0.name == "content_block_start" }
        #expect(starts.map { $0.data["index"] } == [.number(0), .number(1), .number(2)])
        #expect(starts.map { $0.data["content_block"]?["type"] } == [.string("tool_use"), .string("text"), .string("tool_use")])
        #expect(events.filter { $0.name == "content_block_stop" }.map { $0.data["index"] } == [.number(0), .number(1), .number(2)])
        // Every delta names the block that is open at that point.
        var open: JSONValue?
        for event in events {
            switch event.name {
            case "content_block_start": open = event.data["index"]
            case "content_block_delta": #expect(event.data["index"] == open)
            case "content_block_stop": open = nil
            default: break
            }
        }
        #expect(events.suffix(2).map(\.name) == ["message_delta", "message_stop"])
        #expect(events[events.count - 2].data["delta"]?["stop_reason"] == .string("end_turn"))
        #expect(events[events.count - 2].data["usage"]?["output_tokens"] == .number(4))
    }

    @Test func finishClosesTheOpenBlockOnce() throws {
        var encoder = MessagesStreamEncoder(messageID: "msg_1", model: "m")
        var bytes = encoder.encode(C.chunk("partial", role: "assistant"))
        bytes += encoder.finish()
        #expect(
            try C.events(bytes).map(\.name) == [
                "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop",
            ])
        #expect(encoder.finish().isEmpty)
        #expect(encoder.encode(C.chunk("late")).isEmpty)
    }

    @Test func messageStartReportsZeroInputTokensUntilKnown() throws {
        var encoder = MessagesStreamEncoder(messageID: "msg_1", model: "claude-sonnet-4-5")
        let start = try C.events(encoder.encode(C.chunk("", role: "assistant", model: "")))
        #expect(start.map(\.name) == ["message_start"])
        #expect(start[0].data["message"]?["model"] == .string("claude-sonnet-4-5"))
        #expect(start[0].data["message"]?["usage"]?["input_tokens"] == .number(0))
        #expect(start[0].data["message"]?["stop_reason"] == .null)
    }

    @Test func errorIsAnAnthropicErrorEvent() throws {
        var encoder = MessagesStreamEncoder(messageID: "msg_1", model: "m")
        _ = encoder.encode(C.chunk("Hel", role: "assistant"))
        let events = try C.events(encoder.error(.providerUnavailable("every provider is paused", retryAfter: 5)))
        #expect(events.map(\.name) == ["error"])
        #expect(
            events[0].data
                == .object([
                    "type": .string("error"),
                    "error": .object(["type": .string("overloaded_error"), "message": .string("every provider is paused")]),
                ]))
        #expect(encoder.finish().isEmpty)
    }
}
