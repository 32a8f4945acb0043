import Foundation
public import SignalboxCore

/// Converse answer → canonical `chat.completion`.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_ResponseSyntax
extension BedrockAdapter {
    public static func chatCompletion(from answer: BedrockConverseResponse, id: String, created: Int, model: String) -> ChatCompletionResponse {
        var text = ""
        var calls: [ToolCall] = []
        for block in answer.output.message?.content ?? [] {
            switch block {
            case .text(let piece): text += piece
            case .toolUse(let use): calls.append(ToolCall(id: use.toolUseId, function: .init(name: use.name, arguments: jsonString(use.input))))
            case .image, .toolResult, .other: break  // reasoning and other blocks have no Chat Completions field
            }
        }
        let message = ChatMessage(
            role: .assistant, content: text.isEmpty && !calls.isEmpty ? nil : .text(text), toolCalls: calls.isEmpty ? nil : calls)
        return ChatCompletionResponse(
            id: id, created: created, model: model,
            choices: [.init(index: 0, message: message, finishReason: finishReason(answer.stopReason))],
            usage: answer.usage.map(usage))
    }

    /// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_MessageStopEvent.html (stopReason values)
    public static func finishReason(_ stopReason: String) -> String {
        switch stopReason {
        case "max_tokens", "model_context_window_exceeded": "length"
        case "tool_use": "tool_calls"
        case "guardrail_intervened", "content_filtered": "content_filter"
        default: "stop"  // end_turn, stop_sequence, malformed_model_output, malformed_tool_use
        }
    }

    /// Converse counts cache reads and writes apart from `inputTokens`; OpenAI's
    /// `prompt_tokens` includes them, with the reads as `cached_tokens`.
    /// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_TokenUsage.html
    public static func usage(_ usage: BedrockTokenUsage) -> Usage {
        let cacheRead = usage.cacheReadInputTokens ?? 0
        let prompt = usage.inputTokens + cacheRead + (usage.cacheWriteInputTokens ?? 0)
        var result = Usage(promptTokens: prompt, completionTokens: usage.outputTokens)
        if usage.cacheReadInputTokens != nil {
            result.promptTokensDetails = .init(cachedTokens: cacheRead)
        }
        return result
    }

    /// Tool input as OpenAI's arguments string (keys sorted, so equal inputs give equal strings).
    static func jsonString(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
