/// Maps Anthropic's `stop_reason` to OpenAI's `finish_reason` and back.
// https://docs.anthropic.com/en/api/messages (Message.stop_reason)
// https://docs.anthropic.com/en/api/handling-stop-reasons
public enum AnthropicStopReason {
    /// `end_turn`, `stop_sequence`, `pause_turn` → `stop`; `max_tokens` and
    /// `model_context_window_exceeded` → `length`; `tool_use` → `tool_calls`; `refusal` →
    /// `content_filter`. Reasons added later read as `stop`.
    public static func finishReason(for stopReason: String?) -> String {
        switch stopReason {
        case "max_tokens", "model_context_window_exceeded": "length"
        case "tool_use": "tool_calls"
        case "refusal": "content_filter"
        default: "stop"
        }
    }

    /// The `stop_reason` for an OpenAI `finish_reason`.
    public static func stopReason(for finishReason: String?) -> String {
        switch finishReason {
        case "length": "max_tokens"
        case "tool_calls", "function_call": "tool_use"
        case "content_filter": "refusal"
        default: "end_turn"
        }
    }
}
