import Foundation
import Providers
import SignalboxCore
import Testing

@Suite struct CohereStreamTranslatorTests {
    private func translate(_ bytes: [UInt8], pieceSize: Int) throws -> [ChatCompletionChunk] {
        var translator = CohereStreamTranslator(provider: "cohere-main", model: "command-a-03-2025", created: 1_700_000_000)
        var chunks: [ChatCompletionChunk] = []
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + pieceSize, bytes.count)
            chunks += try translator.consume(Array(bytes[offset..<end]))
            offset = end
        }
        chunks += try translator.finish()
        return chunks
    }

    @Test func textStreamTranslatesTheSameByteByByteAndAllAtOnce() throws {
        let bytes = try Fixture.bytes("cohere/chat-stream-text.sse")
        let whole = try translate(bytes, pieceSize: bytes.count)
        #expect(try translate(bytes, pieceSize: 1) == whole)
        #expect(try translate(bytes, pieceSize: 7) == whole)

        #expect(whole.count == 6, "role, three content pieces, finish, usage")
        #expect(
            whole.allSatisfy { $0.id == "29f14a5a-11de-4cae-9800-25e4747408ea" && $0.model == "command-a-03-2025" && $0.created == 1_700_000_000 })
        #expect(whole[0].choices.first?.delta.role == "assistant")
        let text = whole.compactMap { $0.choices.first?.delta.content }.joined()
        #expect(text == "A large language model (LLM) is a type of neural network.")
        #expect(whole[1...3].allSatisfy { $0.choices.first?.delta.role == nil && $0.choices.first?.finishReason == nil })
        #expect(whole[4].choices.first?.finishReason == "stop")
        #expect(whole[5].choices.isEmpty)
        #expect(whole[5].usage == Usage(promptTokens: 69, completionTokens: 14))
    }

    @Test func toolCallStreamAnnouncesEachCallThenArgumentFragments() throws {
        let bytes = try Fixture.bytes("cohere/chat-stream-tool-call.sse")
        let whole = try translate(bytes, pieceSize: bytes.count)
        #expect(try translate(bytes, pieceSize: 1) == whole)

        #expect(whole.first?.choices.first?.delta.role == "assistant")
        let plan = whole.compactMap { $0.choices.first?.delta.content }.joined()
        #expect(plan == "I will use the get_weather tool.", "the tool plan streams as content")

        let deltas = whole.flatMap { $0.choices.first?.delta.toolCalls ?? [] }
        let heads = deltas.filter { $0.id != nil }
        #expect(heads.map(\.index) == [0, 1])
        #expect(heads.map(\.id) == ["get_weather_nsz5zm3w56q3", "get_weather_8f3kq0d2x1mc"])
        #expect(heads.allSatisfy { $0.type == "function" && $0.function?.name == "get_weather" })
        let first = deltas.filter { $0.index == 0 }.compactMap { $0.function?.arguments }.joined()
        #expect(first == "{\n    \"location\": \"Toronto\"\n}")
        let second = deltas.filter { $0.index == 1 }.compactMap { $0.function?.arguments }.joined()
        #expect(second == #"{"location": "Paris"}"#)

        let finish = try #require(whole.dropLast().last)
        #expect(finish.choices.first?.finishReason == "tool_calls")
        #expect(whole.last?.usage == Usage(promptTokens: 1059, completionTokens: 72))
    }

    @Test func errorEndingThrowsAfterThePartialContent() throws {
        var translator = CohereStreamTranslator(provider: "cohere-main", model: "m", created: 0)
        let bytes = try Fixture.bytes("cohere/chat-stream-error-finish.sse")
        do {
            _ = try translator.consume(bytes)
            Issue.record("an ERROR ending was accepted")
        } catch let error as GatewayError {
            #expect(error.status == 502)
            #expect(error.provider == "cohere-main")
            #expect(error.message.contains("ERROR"))
        }
    }

    @Test func truncatedStreamThrowsOnFinish() throws {
        var translator = CohereStreamTranslator(provider: "cohere-main", model: "m", created: 0)
        let text = try Fixture.text("cohere/chat-stream-text.sse")
        let cut = text.components(separatedBy: "event: message-end")[0]
        let chunks = try translator.consume(Array(cut.utf8))
        #expect(chunks.count == 4)
        #expect(throws: GatewayError.self) { try translator.finish() }
    }

    @Test func unreadableEventThrows() {
        var translator = CohereStreamTranslator(provider: "cohere-main", model: "m", created: 0)
        #expect(throws: GatewayError.self) { try translator.consume(Array("data: {not json\n\n".utf8)) }
    }
}
