public import SignalboxCore

// https://docs.cohere.com/reference/chat
// https://docs.cohere.com/docs/tool-use
extension CohereChatResponse {
    /// The canonical `chat.completion`: text parts joined as the content (thinking parts left
    /// out), the `tool_plan` as the content when there is no text (as the stream sends it), tool
    /// calls as they are, usage from `tokens` (else `billed_units`). Throws for `ERROR` and
    /// `TIMEOUT` endings.
    public func canonical(provider: String, model: String, created: Int) throws -> ChatCompletionResponse {
        guard let finish = CohereFinishReason.canonical(finishReason) else {
            throw CohereFinishReason.failure(finishReason ?? "ERROR", provider: provider)
        }
        var text = message.content?.plainText ?? ""
        if text.isEmpty, let plan = message.toolPlan { text = plan }
        let calls = message.toolCalls?.enumerated().map { index, call in
            ToolCall(
                id: call.id ?? "call_\(index)", function: .init(name: call.function?.name ?? "", arguments: call.function?.arguments ?? "{}"))
        }
        let hasCalls = calls?.isEmpty == false
        let content: MessageContent? = text.isEmpty && hasCalls ? nil : .text(text)
        let reply = ChatMessage(role: .assistant, content: content, toolCalls: hasCalls ? calls : nil)
        return ChatCompletionResponse(
            id: id, created: created, model: model, choices: [.init(index: 0, message: reply, finishReason: finish)], usage: usage?.canonical)
    }
}
