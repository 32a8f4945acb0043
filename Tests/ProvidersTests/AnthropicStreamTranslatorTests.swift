import Foundation
import Providers
import SignalboxCore
import Testing

@Suite struct AnthropicStreamTranslatorTests {
    /// What feeding a transcript produced: every chunk in order, and the error that ended it, if any.
    struct Outcome {
        var chunks: [ChatCompletionChunk] = []
        var error: GatewayError?
    }

    /// Feeds `bytes` in pieces of `size` bytes (whole when nil), then finishes.
    static func feed(_ bytes: [UInt8], pieceSize size: Int?) -> Outcome {
        var translator = AnthropicAdapter(
            provider: ProviderConfig(id: "claude", kind: .anthropic, baseURL: "https://api.anthropic.com/v1"), now: { 1_700_000_000 }
        ).makeStreamTranslator(model: "sent-model")!
        var outcome = Outcome()
        let step = size ?? max(bytes.count, 1)
        do {
            var offset = 0
            while offset < bytes.count {
                outcome.chunks += try translator.consume(Array(bytes[offset..<min(offset + step, bytes.count)]))
                offset += step
            }
            outcome.chunks += try translator.finish()
        } catch {
            outcome.error = error as? GatewayError
        }
        return outcome
    }

    static let splits: [Int?] = [nil, 1, 7, 64]

    @Test(arguments: splits)
    func textStreamTranslates(pieceSize: Int?) throws {
        let outcome = Self.feed(try Fixture.bytes("anthropic/stream-text.txt"), pieceSize: pieceSize)
        #expect(outcome.error == nil)
        #expect(outcome.chunks == Self.feed(try Fixture.bytes("anthropic/stream-text.txt"), pieceSize: nil).chunks)
        let chunks = outcome.chunks
        try #require(chunks.count == 5)
        #expect(chunks.allSatisfy { $0.id == "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY" && $0.model == "claude-opus-4-6" })
        #expect(chunks.allSatisfy { $0.created == 1_700_000_000 && $0.object == "chat.completion.chunk" })
        #expect(chunks[0].choices.first?.delta == .init(role: "assistant", content: ""))
        #expect(chunks[1].choices.first?.delta == .init(content: "Hello"))
        #expect(chunks[2].choices.first?.delta == .init(content: "!"))
        #expect(chunks[3].choices.first?.finishReason == "stop")
        #expect(chunks[3].choices.first?.delta == .init())
        #expect(chunks[4].choices.isEmpty)
        #expect(chunks[4].usage == Usage(promptTokens: 25, completionTokens: 15))
    }

    @Test(arguments: splits)
    func toolUseStreamTranslates(pieceSize: Int?) throws {
        let bytes = try Fixture.bytes("anthropic/stream-tool-use.txt")
        let outcome = Self.feed(bytes, pieceSize: pieceSize)
        #expect(outcome.error == nil)
        #expect(outcome.chunks == Self.feed(bytes, pieceSize: nil).chunks)
        let chunks = outcome.chunks
        #expect(chunks.first?.choices.first?.delta.role == "assistant")
        #expect(chunks.dropFirst().allSatisfy { $0.choices.first?.delta.role == nil })
        let text = chunks.compactMap { $0.choices.first?.delta.content }.joined()
        #expect(text == "Okay, let's check the weather for San Francisco, CA:")

        let toolDeltas = chunks.compactMap { $0.choices.first?.delta.toolCalls?.first }
        let head = try #require(toolDeltas.first)
        #expect(head.index == 0, "tool calls are numbered apart from the content block index (1)")
        #expect(head.id == "toolu_01T1x1fJ34qAmk2tNTrN7Up6")
        #expect(head.type == "function")
        #expect(head.function == .init(name: "get_weather", arguments: ""))
        #expect(toolDeltas.dropFirst().allSatisfy { $0.index == 0 && $0.id == nil && $0.function?.name == nil })
        let arguments = toolDeltas.compactMap { $0.function?.arguments }.joined()
        #expect(arguments == #"{"location": "San Francisco, CA", "unit": "fahrenheit"}"#)

        let finish = chunks[chunks.count - 2]
        #expect(finish.choices.first?.finishReason == "tool_calls")
        #expect(chunks.filter { $0.choices.first?.finishReason != nil }.count == 1)
        let usageChunk = try #require(chunks.last)
        #expect(usageChunk.choices.isEmpty)
        #expect(usageChunk.usage == Usage(promptTokens: 472, completionTokens: 89))
    }

    @Test(arguments: splits)
    func errorEventThrowsTheMappedError(pieceSize: Int?) throws {
        let outcome = Self.feed(try Fixture.bytes("anthropic/stream-error.txt"), pieceSize: pieceSize)
        let error = try #require(outcome.error)
        #expect(error.status == 529)
        #expect(error.codeName == "overloaded_error")
        #expect(error.type == "api_error")
        #expect(error.provider == "claude")
        #expect(error.message.hasSuffix("Overloaded"))
        // However the bytes were split, the chunks before the error are handed out first.
        #expect(outcome.chunks.count == 2)
        #expect(outcome.chunks.first?.choices.first?.delta.role == "assistant")
        #expect(outcome.chunks.compactMap { $0.choices.first?.delta.content }.joined() == "Hello")
    }

    @Test func streamCutBeforeMessageStopFails() throws {
        let full = try Fixture.text("anthropic/stream-text.txt")
        let cut = String(full[..<full.range(of: "event: message_delta")!.lowerBound])
        let outcome = Self.feed(Array(cut.utf8), pieceSize: nil)
        let error = try #require(outcome.error)
        #expect(error.status == 502)
        #expect(error.codeName == "upstream_unavailable")
        #expect(outcome.chunks.count == 3, "role, Hello, ! were handed out before the body ended")
        #expect(!outcome.chunks.contains { $0.choices.first?.finishReason != nil })
    }

    @Test func rateLimitAndUnknownEventsMapOrPassQuietly() throws {
        var translator = AnthropicStreamTranslator(provider: "claude", model: "m", created: 0)
        let unknown = "event: future_event\ndata: {\"type\":\"future_event\",\"x\":1}\n\n: comment\n\n"
        #expect(try translator.consume(Array(unknown.utf8)).isEmpty)
        let limited = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}\n\n"
        #expect {
            _ = try translator.consume(Array(limited.utf8))
        } throws: { ($0 as? GatewayError)?.status == 429 && ($0 as? GatewayError)?.type == "rate_limit_error" }
    }

    @Test func cacheCountsAddToPromptTokens() throws {
        var translator = AnthropicStreamTranslator(provider: "claude", model: "m", created: 0)
        let events = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":4000,"output_tokens":1}}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"output_tokens":30}}

            event: message_stop
            data: {"type":"message_stop"}


            """
        let chunks = try translator.consume(Array(events.utf8)) + translator.finish()
        #expect(chunks[1].choices.first?.finishReason == "length")
        let usage = try #require(chunks.last?.usage)
        #expect(usage.promptTokens == 4112)
        #expect(usage.completionTokens == 30)
        #expect(usage.promptTokensDetails?.cachedTokens == 4000)
    }
}
