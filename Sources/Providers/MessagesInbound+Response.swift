import Foundation
public import SignalboxCore

// https://docs.anthropic.com/en/api/messages (Message)
extension MessagesInbound {
    /// The Message object for a canonical `chat.completion`: text and `tool_use` blocks (input
    /// parsed from the arguments; arguments that are not a JSON object become `{}`), the stop
    /// reason mapped back (stop → end_turn, length → max_tokens, tool_calls → tool_use,
    /// content_filter → refusal), and usage with cached prompt tokens as cache reads.
    public static func message(from completion: ChatCompletionResponse, messageID: String) -> AnthropicMessagesResponse {
        let choice = completion.choices.first
        var content: [AnthropicContentBlock] = []
        if let text = choice?.message.content?.plainText, !text.isEmpty {
            content.append(.text(text))
        }
        for call in choice?.message.toolCalls ?? [] {
            content.append(
                .toolUse(id: call.id, name: call.function.name, input: AnthropicToolArguments.object(from: call.function.arguments) ?? .object([:])))
        }
        return AnthropicMessagesResponse(
            id: messageID, model: completion.model, content: content, stopReason: AnthropicStopReason.stopReason(for: choice?.finishReason),
            stopSequence: nil, usage: usage(completion.usage))
    }

    /// `message` as JSON bytes.
    public static func messageBody(from completion: ChatCompletionResponse, messageID: String) -> [UInt8] {
        json(message(from: completion, messageID: messageID))
    }

    /// Anthropic's usage for a canonical one: `input_tokens` excludes the cache reads, which are
    /// reported apart (Anthropic's total input is their sum).
    static func usage(_ usage: Usage?) -> AnthropicUsage {
        guard let usage else { return AnthropicUsage(inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0) }
        let cached = usage.promptTokensDetails?.cachedTokens ?? 0
        return AnthropicUsage(
            inputTokens: max(0, usage.promptTokens - cached), outputTokens: usage.completionTokens, cacheReadInputTokens: cached)
    }
}
