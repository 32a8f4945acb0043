import SignalboxCore

extension MockChatReply {
    /// The chunks of this reply streamed the way OpenAI streams: a first chunk with the role (and,
    /// for a tool call, its id, type and name), `pieces` content or argument deltas, a chunk with
    /// the finish reason, and, when asked for, a usage chunk with no choices.
    func chunks(id: String, created: Int, model: String, pieces: Int, includeUsage: Bool) -> [ChatCompletionChunk] {
        func chunk(_ delta: ChatCompletionChunk.Delta, finishReason: String? = nil) -> ChatCompletionChunk {
            ChatCompletionChunk(id: id, created: created, model: model, choices: [.init(index: 0, delta: delta, finishReason: finishReason)])
        }
        var chunks: [ChatCompletionChunk] = []
        switch body {
        case .text(let text):
            chunks.append(chunk(.init(role: "assistant", content: "")))
            for piece in Self.split(words: text, into: pieces) {
                chunks.append(chunk(.init(content: piece)))
            }
        case .toolCall(let call):
            let head = ChatCompletionChunk.ToolCallDelta(
                index: 0, id: call.id, type: call.type, function: .init(name: call.function.name, arguments: ""))
            chunks.append(chunk(.init(role: "assistant", toolCalls: [head])))
            for piece in Self.split(characters: call.function.arguments, into: pieces) {
                chunks.append(chunk(.init(toolCalls: [.init(index: 0, function: .init(arguments: piece))])))
            }
        }
        chunks.append(chunk(.init(), finishReason: finishReason))
        if includeUsage {
            chunks.append(ChatCompletionChunk(id: id, created: created, model: model, choices: [], usage: usage))
        }
        return chunks
    }

    /// Splits space-separated words into `count` pieces of nearly equal word counts that
    /// concatenate back to `text` (each piece after the first starts with its space). Fewer pieces
    /// when there are fewer words.
    static func split(words text: String, into count: Int) -> [String] {
        let words = words(in: text)
        guard count > 1, words.count > 1 else { return [text] }
        let pieces = min(count, words.count)
        return (0..<pieces).map { index in
            let range = (index * words.count / pieces)..<((index + 1) * words.count / pieces)
            let joined = words[range].joined(separator: " ")
            return index == 0 ? joined : " " + joined
        }
    }

    /// Splits `text` into `count` pieces of nearly equal length (fewer when it is shorter).
    static func split(characters text: String, into count: Int) -> [String] {
        let characters = Array(text)
        guard count > 1, characters.count > 1 else { return [text] }
        let pieces = min(count, characters.count)
        return (0..<pieces).map { index in
            String(characters[(index * characters.count / pieces)..<((index + 1) * characters.count / pieces)])
        }
    }
}
