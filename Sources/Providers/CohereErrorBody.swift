public import SignalboxCore

/// Cohere's error body: `{"id": …, "message": …}` with the HTTP status saying what kind of error
/// it is.
// https://docs.cohere.com/reference/errors
public struct CohereErrorBody: Sendable, Hashable, Codable {
    public var id: String?
    public var message: String

    public init(id: String? = nil, message: String) {
        self.id = id
        self.message = message
    }

    /// The client's error: OpenAI's `type` and `code` for the status (400 invalid request, with
    /// `context_length_exceeded` for Cohere's "too many tokens" messages; 401 authentication;
    /// 402 billing limit as `insufficient_quota`; 404 not found; 429 rate limit; 498 blocked as
    /// unsafe; 499 cancelled; 5xx `api_error`).
    public func gatewayError(provider: String, status: Int, retryAfter: Int?) -> GatewayError {
        let type: String
        let code: String?
        switch status {
        case 400:
            type = "invalid_request_error"
            code = message.lowercased().hasPrefix("too many tokens") ? "context_length_exceeded" : nil
        case 401:
            (type, code) = ("authentication_error", "invalid_api_key")
        case 402:
            (type, code) = ("insufficient_quota", "insufficient_quota")
        case 403:
            (type, code) = ("permission_error", nil)
        case 404:
            (type, code) = ("invalid_request_error", "not_found")
        case 422:
            (type, code) = ("invalid_request_error", nil)
        case 429:
            (type, code) = ("rate_limit_error", "rate_limit_exceeded")
        case 498:
            (type, code) = ("invalid_request_error", "content_filter")
        case 499:
            (type, code) = ("api_error", "request_cancelled")
        default:
            (type, code) = ("api_error", nil)
        }
        return .upstream(provider: provider, status: status, message: message, type: type, code: code, param: nil, retryAfter: retryAfter)
    }
}
