import Foundation
public import SignalboxCore

/// Bedrock errors → `GatewayError`. The exception name comes in the `x-amzn-ErrorType` header
/// (`ThrottlingException:http://internal.amazon.com/coral/…`), the text in `{"message": …}`.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html
extension BedrockAdapter {
    public func error(status: Int, headers: [HTTPField], body: [UInt8]) -> GatewayError {
        let retryAfter = headers.first("retry-after").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let decoded = try? SharedJSONCoders.decoder.decode(BedrockErrorBody.self, from: Data(body))
        let exception = Self.exceptionName(header: headers.first("x-amzn-errortype"), bodyType: decoded?.type)
        var message = decoded?.message ?? ""
        if message.isEmpty {
            message = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if message.isEmpty { message = exception ?? "no error body" }
        let classified = Self.classify(exception: exception, status: status, message: message)
        return .upstream(
            provider: provider.id, status: status, message: message, type: classified.type, code: classified.code, param: nil,
            retryAfter: retryAfter)
    }

    /// An exception frame inside a ConverseStream answer (`:exception-type` is camel-cased:
    /// `throttlingException`). Its HTTP status is the one the same exception has as a response.
    /// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html
    static func streamError(provider: String, exception: String, message: String) -> GatewayError {
        let name = exception.prefix(1).uppercased() + exception.dropFirst()
        let status: Int =
            switch name {
            case "ThrottlingException", "ModelNotReadyException", "ServiceQuotaExceededException": 429
            case "ValidationException": 400
            case "AccessDeniedException": 403
            case "ResourceNotFoundException": 404
            case "ModelTimeoutException": 408
            case "ModelStreamErrorException", "ModelErrorException": 424
            case "ServiceUnavailableException": 503
            default: 500
            }
        let classified = classify(exception: name, status: status, message: message)
        return .upstream(provider: provider, status: status, message: message, type: classified.type, code: classified.code, param: nil, retryAfter: nil)
    }

    /// `ThrottlingException:http://…` → `ThrottlingException`; `com.amazon…#ValidationException` → `ValidationException`.
    static func exceptionName(header: String?, bodyType: String?) -> String? {
        for raw in [header, bodyType] {
            guard var name = raw?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { continue }
            if let colon = name.firstIndex(of: ":") { name = String(name[..<colon]) }
            if let hash = name.lastIndex(of: "#") { name = String(name[name.index(after: hash)...]) }
            if !name.isEmpty { return name }
        }
        return nil
    }

    /// OpenAI's error type for a Bedrock exception, and the code the client sees (the exception
    /// name, or `context_length_exceeded` for a prompt that does not fit the model).
    static func classify(exception: String?, status: Int, message: String) -> (type: String?, code: String?) {
        switch exception {
        case "ThrottlingException", "ServiceQuotaExceededException":
            return ("rate_limit_error", exception)
        case "ValidationException":
            return ("invalid_request_error", isContextLength(message) ? "context_length_exceeded" : exception)
        case "AccessDeniedException":
            return ("permission_error", exception)
        case "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignatureException", "ExpiredTokenException",
            "MissingAuthenticationTokenException", "InvalidClientTokenId":
            return ("authentication_error", exception)
        case "ResourceNotFoundException":
            return ("invalid_request_error", exception)
        case "ModelNotReadyException", "ServiceUnavailableException", "ModelTimeoutException", "ModelErrorException",
            "ModelStreamErrorException", "InternalServerException", "InternalFailure":
            return ("api_error", exception)
        default:
            // Unknown or missing name: the status decides the type.
            return (nil, exception)
        }
    }

    /// Bedrock words a too-long prompt differently per model family.
    static func isContextLength(_ message: String) -> Bool {
        let text = message.lowercased()
        return ["too long", "too many input tokens", "context length", "context window", "maximum context", "input length", "exceeds the max"]
            .contains { text.contains($0) }
    }
}
