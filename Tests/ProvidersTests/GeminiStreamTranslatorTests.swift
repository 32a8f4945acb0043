import Foundation
import Providers
import SignalboxCore
import Testing

/// `streamGenerateContent?alt=sse` transcripts (Fixtures/gemini/stream-*.txt, CRLF-framed as
/// Gemini sends them) → canonical chunks.
@Suite struct GeminiStreamTranslatorTests {
    let adapter = GeminiAdapter(
        provider: ProviderConfig(id: "gemini-main", kind: .gemini, baseURL: "https://generativelanguage.googleapis.com/v1beta"),
        clock: { 1_700_000_000 }, makeID: { "chatcmpl-fixed" })

    /// Feeds `bytes` in pieces of the given sizes (cycled), then finishes.
    private func translate(_ bytes: [UInt8], splits: [Int]) throws -> [ChatCompletionChunk] {
        var translator = try #require(adapter.makeStreamTranslator(model: "gemini-2.0-flash"))
        var chunks: [ChatCompletionChunk] = []
        var offset = 0
        var step = 0
        while offset < bytes.count {
            let size = max(1, splits[step % splits.count])
            chunks += try translator.consume(Array(bytes[offset..<min(bytes.count, offset + size)]))
            offset += size
            step += 1
        }
        return chunks + (try translator.finish())
    }

    @Test func textStreamGivesRoleDeltasFinishAndUsage() throws {
        let chunks = try translate(try Fixture.bytes("gemini/stream-text.txt"), splits: [Int.max])
        #expect(chunks.allSatisfy { $0.id == "rsp-stream-1" && $0.created == 1_700_000_000 && $0.model == "gemini-2.0-flash" })
        #expect(chunks.first?.choices.first?.delta.role == "assistant")
        #expect(chunks.dropFirst().allSatisfy { $0.choices.first?.delta.role == nil })
        let text = chunks.compactMap { $0.choices.first?.delta.content }.joined()
        #expect(text == "The quick brown fox jumps over the lazy dog. ✨")
        let finishes = chunks.compactMap { $0.choices.first?.finishReason }
        #expect(finishes == ["stop"])
        let last = try #require(chunks.last)
        #expect(last.choices.isEmpty)
        #expect(last.usage == Usage(promptTokens: 8, completionTokens: 11, totalTokens: 19), "the last usageMetadata wins")
        #expect(chunks.count == 5, "3 content chunks, the finish chunk, the usage chunk")
    }

    @Test(arguments: [[1], [2, 3], [7], [13, 1, 64], [100, 5]])
    func oddByteSplitsGiveIdenticalChunks(splits: [Int]) throws {
        let bytes = try Fixture.bytes("gemini/stream-text.txt")
        #expect(try translate(bytes, splits: splits) == translate(bytes, splits: [Int.max]))
    }

    @Test func functionCallArrivesWholeInOneDelta() throws {
        let chunks = try translate(try Fixture.bytes("gemini/stream-function-call.txt"), splits: [5])
        #expect(chunks.count == 3)
        let delta = try #require(chunks.first?.choices.first?.delta)
        #expect(delta.role == "assistant")
        let call = try #require(delta.toolCalls?.first)
        #expect(call.index == 0)
        #expect(call.id == "call_rsp-fc-1_0")
        #expect(call.type == "function")
        #expect(call.function?.name == "get_current_weather")
        #expect(call.function?.arguments == #"{"location":"Boston, MA"}"#)
        #expect(chunks[1].choices.first?.finishReason == "tool_calls")
        #expect(chunks[2].usage?.totalTokens == 47)
    }

    @Test func errorInsideTheStreamThrows() throws {
        let bytes = try Fixture.bytes("gemini/stream-error.txt")
        var translator = try #require(adapter.makeStreamTranslator(model: "gemini-2.0-flash"))
        let error = #expect(throws: GatewayError.self) { _ = try translator.consume(bytes) }
        #expect(error?.status == 503)
        #expect(error?.codeName == "UNAVAILABLE")
        #expect(error?.message.contains("overloaded") == true)
    }

    @Test func streamCutBeforeFinishReasonThrowsAtFinish() throws {
        let text = try Fixture.text("gemini/stream-text.txt")
        let firstEvent = text.components(separatedBy: "\r\n\r\n")[0] + "\r\n\r\n"
        var translator = try #require(adapter.makeStreamTranslator(model: "gemini-2.0-flash"))
        #expect(try translator.consume(Array(firstEvent.utf8)).count == 1)
        #expect(throws: GatewayError.self) { _ = try translator.finish() }
    }

    @Test func finalEventWithoutBlankLineIsStillRead() throws {
        var bytes = try Fixture.bytes("gemini/stream-text.txt")
        bytes.removeLast(4)
        let chunks = try translate(bytes, splits: [Int.max])
        #expect(chunks.compactMap { $0.choices.first?.finishReason } == ["stop"])
    }

    @Test func blockedPromptStreamsContentFilter() throws {
        let event = #"data: {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},"usageMetadata": {"promptTokenCount": 5,"totalTokenCount": 5}}"#
        let chunks = try translate(Array((event + "\r\n\r\n").utf8), splits: [Int.max])
        #expect(chunks.first?.choices.first?.delta.role == "assistant")
        #expect(chunks.compactMap { $0.choices.first?.finishReason } == ["content_filter"])
        #expect(chunks.last?.usage?.promptTokens == 5)
        #expect(chunks.first?.id == "chatcmpl-fixed")
    }
}
