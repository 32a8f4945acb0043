import SignalboxCore

extension GeminiCandidate {
    /// OpenAI's finish reason for a Gemini one. STOP (and the other non-filter endings) become
    /// "tool_calls" when the candidate called functions — Gemini reports STOP for those.
    /// https://ai.google.dev/api/generate-content#FinishReason
    public static func canonicalFinishReason(_ reason: String?, calledFunctions: Bool) -> String? {
        switch reason {
        case .none: return nil
        case "MAX_TOKENS": return "length"
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION":
            return "content_filter"
        default:
            // STOP, OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL, …: OpenAI has no closer reason.
            return calledFunctions ? "tool_calls" : "stop"
        }
    }

    /// The id of a function call: Gemini's own when it sent one, else `call_<responseId>_<n>` (or
    /// `call_<n>` without a response id), n counting the candidate's calls — so ids differ between
    /// turns of a conversation and a stream gives the same ids as the whole answer.
    public static func toolCallID(_ call: GeminiPart.FunctionCall, responseID: String?, index: Int) -> String {
        if let id = call.id, !id.isEmpty { return id }
        return responseID.map { "call_\($0)_\(index)" } ?? "call_\(index)"
    }

    /// A canonical tool call for a function-call part.
    static func toolCall(_ call: GeminiPart.FunctionCall, responseID: String?, index: Int) -> ToolCall {
        ToolCall(
            id: toolCallID(call, responseID: responseID, index: index),
            function: .init(name: call.name, arguments: GeminiJSON.compact(call.args ?? .object([:]))))
    }
}
