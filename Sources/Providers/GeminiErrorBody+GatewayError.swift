import Foundation
public import SignalboxCore

extension GeminiErrorBody {
    /// Reads Google's error envelope; also the one-element array form some streamed answers use.
    public static func decode(_ body: [UInt8]) -> GeminiErrorBody? {
        let data = Data(body)
        if let envelope = try? SharedJSONCoders.decoder.decode(GeminiErrorBody.self, from: data) { return envelope }
        return (try? SharedJSONCoders.decoder.decode([GeminiErrorBody].self, from: data))?.first
    }

    /// The gateway error for this envelope: OpenAI's `type` from the `google.rpc.Code` name, that
    /// name as `code` (`context_length_exceeded` for an over-long prompt), and the retry delay from
    /// `Retry-After` or the `RetryInfo` detail.
    /// https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
    public func gatewayError(provider: String, status: Int, retryAfterHeader: String?) -> GatewayError {
        let name = error.status
        let message = error.message.flatMap { $0.isEmpty ? nil : $0 } ?? name ?? "no error message"
        var code = name
        if Self.isContextLength(message) { code = "context_length_exceeded" }
        let retryAfter = retryAfterHeader.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? retryDelaySeconds
        return .upstream(provider: provider, status: status, message: message, type: Self.openAIType(name), code: code, param: nil, retryAfter: retryAfter)
    }

    /// https://cloud.google.com/apis/design/errors#handling_errors — codes → OpenAI error types;
    /// nil lets the HTTP status decide.
    static func openAIType(_ status: String?) -> String? {
        switch status {
        case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE", "NOT_FOUND", "ALREADY_EXISTS": "invalid_request_error"
        case "UNAUTHENTICATED": "authentication_error"
        case "PERMISSION_DENIED": "permission_error"
        case "RESOURCE_EXHAUSTED": "rate_limit_error"
        case "UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED", "UNKNOWN", "DATA_LOSS", "ABORTED", "CANCELLED": "api_error"
        default: nil
        }
    }

    /// "The input token count (1200293) exceeds the maximum number of tokens allowed (1048576)."
    static func isContextLength(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return lowered.contains("input token count") && lowered.contains("exceeds the maximum")
    }

    /// Whole seconds of the `google.rpc.RetryInfo` detail's `retryDelay` ("30s", "1.5s" → 2).
    /// https://cloud.google.com/apis/design/errors#retryinfo
    var retryDelaySeconds: Int? {
        for detail in error.details ?? [] where detail["@type"]?.stringValue?.hasSuffix("google.rpc.RetryInfo") == true {
            guard let delay = detail["retryDelay"]?.stringValue, delay.hasSuffix("s"), let seconds = Double(delay.dropLast()) else { continue }
            return Int(seconds.rounded(.up))
        }
        return nil
    }
}
