import Foundation
import Providers
import SignalboxCore
import Testing

@Suite struct ResponsesInboundStreamTests {
    private func encoder(_ body: String, id: String = "resp_stream1") throws -> ResponsesInboundStreamEncoder {
        ResponsesInboundStreamEncoder(request: try ResponsesInboundRequest.decode(Array(body.utf8)), responseID: id, createdAt: 1_741_290_958)
    }

    private typealias C = InboundGolden

    @Test func textStreamMatchesTheGoldenTranscript() throws {
        var encoder = try encoder(#"{"model":"gpt-4.1","input":"Say hi","stream":true}"#)
        var bytes: [UInt8] = []
        bytes += encoder.encode(C.chunk("", role: "assistant"))
        bytes += encoder.encode(C.chunk("Hi"))
        bytes += encoder.encode(C.chunk(" there!"))
        bytes += encoder.encode(C.chunk(finish: "stop"))
        bytes += encoder.encode(C.chunk(usage: Usage(promptTokens: 12, completionTokens: 3)))
        bytes += encoder.finish()
        #expect(try C.events(bytes) == C.events(try Fixture.bytes("responses-inbound/stream-text.sse")))
        #expect(encoder.response?.status == "completed")
        #expect(encoder.conversation.last?.content == .text("Hi there!"))
    }

    @Test func textThenToolCallsKeepOrderAndSequenceNumbers() throws {
        var encoder = try encoder(#"{"model":"gpt-4.1","input":"weather in Paris and Rome?","stream":true}"#, id: "resp_t")
        var bytes: [UInt8] = []
        bytes += encoder.encode(C.chunk("Checking", role: "assistant"))
        bytes += encoder.encode(
            C.chunk(tools: [.init(index: 0, id: "call_a", type: "function", function: .init(name: "get_weather", arguments: ""))]))
        bytes += encoder.encode(C.chunk(tools: [.init(index: 0, function: .init(arguments: #"{"location":"#))]))
        bytes += encoder.encode(C.chunk(tools: [.init(index: 0, function: .init(arguments: #""Paris"}"#))]))
        bytes += encoder.encode(
            C.chunk(tools: [.init(index: 1, id: "call_b", type: "function", function: .init(name: "get_weather", arguments: #"{"location":"Rome"}"#))]
            ))
        bytes += encoder.encode(C.chunk(finish: "tool_calls"))
        bytes += encoder.finish(usage: Usage(promptTokens: 20, completionTokens: 9))
        let events = try C.events(bytes)
        #expect(
            events.map(\.name) == [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed",
            ])
        #expect(events.map { $0.data["sequence_number"] } == (0..<events.count).map { .number(Double($0)) })
        #expect(events.allSatisfy { $0.data["type"] == .string($0.name) })
        let firstDone = events.first { $0.name == "response.function_call_arguments.done" }
        #expect(firstDone?.data["arguments"] == .string(#"{"location":"Paris"}"#))
        #expect(firstDone?.data["output_index"] == .number(1))
        #expect(firstDone?.data["item_id"] == .string("fc_t_1"))
        let completed = events.last?.data["response"]
        guard case .array(let output) = completed?["output"] ?? .null else {
            Issue.record("no output")
            return
        }
        #expect(output.map { $0["type"] } == [.string("message"), .string("function_call"), .string("function_call")])
        #expect(output[2]["call_id"] == .string("call_b"))
        #expect(completed?["usage"]?["total_tokens"] == .number(29))
        #expect(encoder.conversation.last?.toolCalls?.map(\.function.arguments) == [#"{"location":"Paris"}"#, #"{"location":"Rome"}"#])
    }

    @Test func lengthFinishEndsWithResponseIncomplete() throws {
        var encoder = try encoder(#"{"model":"gpt-4.1","input":"poem","stream":true,"max_output_tokens":2}"#)
        var bytes = encoder.encode(C.chunk("Roses are", role: "assistant"))
        bytes += encoder.encode(C.chunk(finish: "length"))
        bytes += encoder.finish()
        let events = try C.events(bytes)
        #expect(events.last?.name == "response.incomplete")
        #expect(events.last?.data["response"]?["status"] == .string("incomplete"))
        #expect(events.last?.data["response"]?["incomplete_details"]?["reason"] == .string("max_output_tokens"))
        let itemDone = events.first { $0.name == "response.output_item.done" }
        #expect(itemDone?.data["item"]?["status"] == .string("incomplete"))
    }

    @Test func errorSendsErrorThenResponseFailedAndEndsTheStream() throws {
        var encoder = try encoder(#"{"model":"gpt-4.1","input":"hi","stream":true}"#)
        var bytes = encoder.encode(C.chunk("Hel", role: "assistant"))
        bytes += encoder.error(.upstreamTimeout(provider: "openai-main", reason: "no bytes for 30 s"))
        let events = try C.events(bytes)
        #expect(events.suffix(2).map(\.name) == ["error", "response.failed"])
        #expect(events[events.count - 2].data["code"] == .string("upstream_timeout"))
        #expect(events.last?.data["response"]?["status"] == .string("failed"))
        #expect(events.last?.data["response"]?["error"]?["code"] == .string("server_error"))
        #expect(encoder.finish().isEmpty)
        #expect(encoder.encode(C.chunk("lo")).isEmpty)
    }

    @Test func sseFramingNamesEachEventByItsType() throws {
        var encoder = try encoder(#"{"model":"gpt-4.1","input":"hi","stream":true}"#)
        let text = String(decoding: encoder.finish(), as: UTF8.self)
        #expect(text.hasPrefix("event: response.created\ndata: {"))
        #expect(text.hasSuffix("}\n\n"))
        #expect(text.components(separatedBy: "\n\n").filter { !$0.isEmpty }.count == 3)
    }
}
