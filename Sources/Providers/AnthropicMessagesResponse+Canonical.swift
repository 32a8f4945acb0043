public import SignalboxCore

extension AnthropicMessagesResponse {
    /// The canonical `chat.completion`: text blocks joined as the content, client `tool_use` blocks
    /// as `tool_calls` (arguments: the input as compact JSON), other blocks (thinking, server tool
    /// use and results) left out.
    // https://docs.anthropic.com/en/api/messages (Message)
    public func canonical(created: Int, model fallbackModel: String) -> ChatCompletionResponse {
        var text = ""
        var toolCalls: [ToolCall] = []
        for block in content {
            switch block {
            case .text(let piece):
                text += piece
            case .toolUse(let id, let name, let input):
                toolCalls.append(ToolCall(id: id, function: .init(name: name, arguments: AnthropicToolArguments.string(from: input))))
            case .image, .toolResult, .other:
                continue
            }
        }
        let message = ChatMessage(
            role: .assistant, content: text.isEmpty && !toolCalls.isEmpty ? nil : .text(text), toolCalls: toolCalls.isEmpty ? nil : toolCalls)
        return ChatCompletionResponse(
            id: id, created: created, model: model.isEmpty ? fallbackModel : model,
            choices: [.init(index: 0, message: message, finishReason: AnthropicStopReason.finishReason(for: stopReason))],
            usage: (usage ?? AnthropicUsage()).canonical)
    }

    /// The Messages answer for a canonical one (its first choice): the text as one text block,
    /// tool calls as `tool_use` blocks.
    public init(canonical response: ChatCompletionResponse) {
        let choice = response.choices.first
        var content: [AnthropicContentBlock] = []
        if let text = choice?.message.content?.plainText, !text.isEmpty {
            content.append(.text(text))
        }
        for call in choice?.message.toolCalls ?? [] {
            let input = AnthropicToolArguments.object(from: call.function.arguments) ?? .object([:])
            content.append(.toolUse(id: call.id, name: call.function.name, input: input))
        }
        self.init(
            id: response.id, model: response.model, content: content,
            stopReason: AnthropicStopReason.stopReason(for: choice?.finishReason),
            usage: response.usage.map(AnthropicUsage.init(canonical:)) ?? AnthropicUsage(inputTokens: 0, outputTokens: 0))
    }
}
