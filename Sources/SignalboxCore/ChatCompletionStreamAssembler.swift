/// Builds the non-streamed answer a stream amounts to, chunk by chunk: content concatenated per
/// choice, tool calls assembled by index (id, type and name from their first delta, arguments
/// appended), the last finish reason and the usage chunk. The exact cache stores a streamed
/// answer in this form, so it can serve streamed and non-streamed requests alike.
public struct ChatCompletionStreamAssembler: Sendable {
    private struct ChoiceState: Sendable {
        var role: ChatMessage.Role = .assistant
        var content = ""
        var sawContent = false
        var toolCalls: [Int: (id: String, type: String, name: String, arguments: String)] = [:]
        var finishReason: String?
    }

    private var id = ""
    private var created = 0
    private var model = ""
    private var choices: [Int: ChoiceState] = [:]
    private var usage: Usage?
    public private(set) var chunkCount = 0

    public init() {}

    public mutating func add(_ chunk: ChatCompletionChunk) {
        chunkCount += 1
        if id.isEmpty { id = chunk.id }
        if created == 0 { created = chunk.created }
        if model.isEmpty { model = chunk.model }
        if let usage = chunk.usage { self.usage = usage }
        for choice in chunk.choices {
            var state = choices[choice.index] ?? ChoiceState()
            if let role = choice.delta.role.flatMap(ChatMessage.Role.init(rawValue:)) { state.role = role }
            if let content = choice.delta.content {
                state.content += content
                state.sawContent = true
            }
            for call in choice.delta.toolCalls ?? [] {
                var assembled = state.toolCalls[call.index] ?? ("", "function", "", "")
                if let id = call.id, assembled.id.isEmpty { assembled.id = id }
                if let type = call.type { assembled.type = type }
                if let name = call.function?.name, assembled.name.isEmpty { assembled.name = name }
                assembled.arguments += call.function?.arguments ?? ""
                state.toolCalls[call.index] = assembled
            }
            if let reason = choice.finishReason { state.finishReason = reason }
            choices[choice.index] = state
        }
    }

    /// The answer so far; nil before any chunk with a choice arrived.
    public var response: ChatCompletionResponse? {
        guard !choices.isEmpty else { return nil }
        let assembled = choices.keys.sorted().map { index -> ChatCompletionResponse.Choice in
            let state = choices[index]!
            let calls = state.toolCalls.keys.sorted().map { key -> ToolCall in
                let call = state.toolCalls[key]!
                return ToolCall(id: call.id, type: call.type, function: ToolCall.Function(name: call.name, arguments: call.arguments))
            }
            let message = ChatMessage(
                role: state.role, content: state.sawContent || calls.isEmpty ? .text(state.content) : nil, toolCalls: calls.isEmpty ? nil : calls)
            return ChatCompletionResponse.Choice(index: index, message: message, finishReason: state.finishReason)
        }
        return ChatCompletionResponse(id: id, created: created, model: model, choices: assembled, usage: usage)
    }
}

extension ChatCompletionResponse {
    /// The answer as the chunks of a stream, the way OpenAI streams one: a first chunk with the
    /// role, the content (or the tool calls), a last chunk with the finish reason, then — when
    /// `includeUsage` — a chunk with no choices carrying the usage. Used to answer a streamed
    /// request from a cached answer.
    public func streamChunks(includeUsage: Bool) -> [ChatCompletionChunk] {
        var chunks: [ChatCompletionChunk] = []
        for choice in choices {
            func chunk(_ delta: ChatCompletionChunk.Delta, finish: String? = nil) -> ChatCompletionChunk {
                ChatCompletionChunk(id: id, created: created, model: model, choices: [.init(index: choice.index, delta: delta, finishReason: finish)])
            }
            chunks.append(chunk(.init(role: choice.message.role.rawValue, content: choice.message.content == nil ? nil : "")))
            let text = choice.message.content?.plainText ?? ""
            if !text.isEmpty { chunks.append(chunk(.init(content: text))) }
            if let calls = choice.message.toolCalls, !calls.isEmpty {
                let deltas = calls.enumerated().map { index, call in
                    ChatCompletionChunk.ToolCallDelta(
                        index: index, id: call.id, type: call.type, function: .init(name: call.function.name, arguments: call.function.arguments))
                }
                chunks.append(chunk(.init(toolCalls: deltas)))
            }
            chunks.append(chunk(.init(), finish: choice.finishReason ?? "stop"))
        }
        if includeUsage, let usage {
            chunks.append(ChatCompletionChunk(id: id, created: created, model: model, choices: [], usage: usage))
        }
        return chunks
    }
}
