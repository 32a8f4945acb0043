public import SignalboxCore

/// Anthropic's error envelope: `{"type":"error","error":{"type":…,"message":…},"request_id":…}`.
/// Also the payload of a stream's `error` event.
// https://docs.anthropic.com/en/api/errors
public struct AnthropicErrorBody: Sendable, Hashable, Codable {
    public struct Detail: Sendable, Hashable, Codable {
        /// `invalid_request_error`, `authentication_error`, `overloaded_error`, …
        public var type: String
        public var message: String

        public init(type: String, message: String) {
            self.type = type
            self.message = message
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.type = try c.decode(String.self, forKey: .type)
            self.message = try c.decodeIfPresent(String.self, forKey: .message) ?? ""
        }

        enum CodingKeys: String, CodingKey { case type, message }
    }

    public var type: String
    public var error: Detail
    public var requestID: String?

    enum CodingKeys: String, CodingKey {
        case type, error
        case requestID = "request_id"
    }

    public init(error: Detail, requestID: String? = nil) {
        self.type = "error"
        self.error = error
        self.requestID = requestID
    }
}

extension AnthropicErrorBody {
    // https://docs.anthropic.com/en/api/errors (HTTP errors)
    private static let statusByType: [String: Int] = [
        "invalid_request_error": 400, "authentication_error": 401, "billing_error": 402, "permission_error": 403,
        "not_found_error": 404, "request_too_large": 413, "rate_limit_error": 429, "api_error": 500, "timeout_error": 504,
        "overloaded_error": 529,
    ]

    /// The HTTP status Anthropic pairs with an error type (500 for types it has not documented),
    /// e.g. for an `error` event inside a stream, which arrives after a 200.
    public static func status(forType type: String) -> Int {
        statusByType[type] ?? 500
    }

    /// The error type Anthropic sends with an HTTP status.
    public static func type(forStatus status: Int) -> String {
        switch status {
        case 401: "authentication_error"
        case 402: "billing_error"
        case 403: "permission_error"
        case 404: "not_found_error"
        case 413: "request_too_large"
        case 429: "rate_limit_error"
        case 503, 529: "overloaded_error"
        case 504: "timeout_error"
        case 400..<500: "invalid_request_error"
        default: "api_error"
        }
    }

    /// OpenAI's error `type` for an Anthropic one (nil: derive it from the status).
    public static func openAIType(forType type: String) -> String? {
        switch type {
        case "invalid_request_error", "not_found_error", "request_too_large": "invalid_request_error"
        case "authentication_error": "authentication_error"
        case "permission_error": "permission_error"
        case "rate_limit_error": "rate_limit_error"
        case "api_error", "overloaded_error", "timeout_error": "api_error"
        default: nil
        }
    }
}

extension AnthropicErrorBody.Detail {
    /// The client's error: OpenAI's type for Anthropic's, Anthropic's type as the code, except
    /// context-window overflows, which get OpenAI's `context_length_exceeded` so clients that
    /// trim history on that code keep working.
    public func gatewayError(provider: String, status: Int, retryAfter: Int?) -> GatewayError {
        .upstream(
            provider: provider, status: status, message: message, type: AnthropicErrorBody.openAIType(forType: type),
            code: isContextOverflow ? "context_length_exceeded" : type, param: nil, retryAfter: retryAfter)
    }

    /// "prompt is too long: 208310 tokens > 200000 maximum", "input length and `max_tokens`
    /// exceed context limit: …" (invalid_request_error).
    var isContextOverflow: Bool {
        guard type == "invalid_request_error" else { return false }
        let text = message.lowercased()
        return text.hasPrefix("prompt is too long") || text.contains("exceed context limit")
    }
}
