public import SignalboxCore

/// Cohere's `finish_reason` values and their canonical counterparts.
// https://docs.cohere.com/reference/chat (finish_reason: COMPLETE, STOP_SEQUENCE, MAX_TOKENS, TOOL_CALL, ERROR, TIMEOUT)
public enum CohereFinishReason {
    /// The canonical finish reason, or nil for `ERROR` and `TIMEOUT`: the generation failed and
    /// the caller reports an error instead of a normal end. Unknown values end normally ("stop").
    public static func canonical(_ reason: String?) -> String? {
        switch reason?.uppercased() {
        case "MAX_TOKENS": "length"
        case "TOOL_CALL": "tool_calls"
        case "ERROR_TOXIC", "CONTENT_BLOCKED": "content_filter"
        case "ERROR", "ERROR_LIMIT", "TIMEOUT": nil
        default: "stop"
        }
    }

    /// The Cohere value for a canonical finish reason (the mock's answers).
    public static func cohere(_ finishReason: String) -> String {
        switch finishReason {
        case "length": "MAX_TOKENS"
        case "tool_calls": "TOOL_CALL"
        default: "COMPLETE"
        }
    }

    /// The error a failed generation (`ERROR`, `TIMEOUT`) becomes: 502 for an error, 504 for a
    /// timeout, both `api_error`, so clients and the router treat it as the provider's fault.
    public static func failure(_ reason: String, provider: String) -> GatewayError {
        let timedOut = reason.uppercased() == "TIMEOUT"
        return .upstream(
            provider: provider, status: timedOut ? 504 : 502,
            message: "the generation ended with finish_reason \(reason)", type: "api_error",
            code: timedOut ? "provider_timeout" : "provider_error", param: nil, retryAfter: nil)
    }
}
