import Foundation
import SignalboxCore
import Testing

@Suite("Stream assembler")
struct StreamAssemblerTests {
    static let answer = ChatCompletionResponse(
        id: "chatcmpl-1", created: 1_764_115_200, model: "gpt-4o",
        choices: [.init(index: 0, message: ChatMessage(role: .assistant, content: .text("Hello there, operator.")), finishReason: "stop")],
        usage: Usage(promptTokens: 9, completionTokens: 4))

    @Test("an answer replayed as chunks assembles back to the same answer, usage included")
    func roundTrip() {
        let chunks = Self.answer.streamChunks(includeUsage: true)
        #expect(chunks.first?.choices.first?.delta.role == "assistant")
        #expect(chunks.last?.choices.isEmpty == true && chunks.last?.usage == Self.answer.usage)
        var assembler = ChatCompletionStreamAssembler()
        for chunk in chunks { assembler.add(chunk) }
        #expect(assembler.response == Self.answer)
        #expect(Self.answer.streamChunks(includeUsage: false).allSatisfy { $0.usage == nil })
    }

    @Test("content split over many chunks and tool calls split over deltas are joined")
    func pieces() throws {
        var assembler = ChatCompletionStreamAssembler()
        func chunk(_ delta: ChatCompletionChunk.Delta, finish: String? = nil) -> ChatCompletionChunk {
            ChatCompletionChunk(id: "c", created: 5, model: "m", choices: [.init(index: 0, delta: delta, finishReason: finish)])
        }
        assembler.add(chunk(.init(role: "assistant")))
        assembler.add(
            chunk(.init(toolCalls: [.init(index: 0, id: "call_1", type: "function", function: .init(name: "get_weather", arguments: "{\"ci"))])))
        assembler.add(chunk(.init(toolCalls: [.init(index: 0, function: .init(arguments: "ty\":\"Oslo\"}"))])))
        assembler.add(chunk(.init(toolCalls: [.init(index: 1, id: "call_2", function: .init(name: "get_time", arguments: "{}"))])))
        assembler.add(chunk(.init(), finish: "tool_calls"))
        let response = try #require(assembler.response)
        let calls = try #require(response.choices.first?.message.toolCalls)
        #expect(calls.map(\.id) == ["call_1", "call_2"])
        #expect(calls[0].function.arguments == #"{"city":"Oslo"}"#)
        #expect(response.choices.first?.message.content == nil)
        #expect(response.choices.first?.finishReason == "tool_calls")
        // And back to chunks: the tool calls survive a second round trip.
        var again = ChatCompletionStreamAssembler()
        for piece in response.streamChunks(includeUsage: false) { again.add(piece) }
        #expect(again.response == response)
    }

    @Test("no chunk with a choice, no answer")
    func empty() {
        var assembler = ChatCompletionStreamAssembler()
        assembler.add(ChatCompletionChunk(id: "c", created: 1, model: "m", choices: [], usage: Usage(promptTokens: 1, completionTokens: 0)))
        #expect(assembler.response == nil)
    }
}
