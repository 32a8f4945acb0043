/// An error Signalbox answers a client with. Carries everything the edge needs to render it in
/// the API's own shape (OpenAI's `{"error":{…}}` or Anthropic's) with a faithful HTTP status.
public struct GatewayError: Error, Sendable, Hashable {
    private enum Code: String, Sendable, Hashable {
        case invalidRequest
        case invalidJSON
        case unsupportedMediaType
        case bodyTooLarge
        case unauthorized
        case forbidden
        case modelNotFound
        case notFound
        case methodNotAllowed
        case rateLimited
        case budgetExceeded
        case upstreamError
        case upstreamUnavailable
        case upstreamTimeout
        case providerUnavailable
        case storeBacklogged
        case internalError
        case relayed
    }

    private let code: Code
    /// HTTP status of the response.
    public let status: Int
    /// Human-readable explanation that tells the caller what to change.
    public let message: String
    /// OpenAI's `type` field (`invalid_request_error`, `authentication_error`, …).
    public let type: String
    /// The request parameter the error is about, as a path (`messages[0].role`).
    public let param: String?
    /// The provider that produced the error, when it came from upstream.
    public let provider: String?
    /// Seconds the client should wait before retrying (429 and 503).
    public let retryAfter: Int?
    /// OpenAI's machine-readable `code` (`model_not_found`, `invalid_json`, …), or the provider's own.
    public let codeName: String?

    private init(
        _ code: Code, status: Int, type: String, message: String, param: String? = nil, provider: String? = nil,
        retryAfter: Int? = nil, codeName: String? = nil
    ) {
        self.code = code
        self.status = status
        self.type = type
        self.message = message
        self.param = param
        self.provider = provider
        self.retryAfter = retryAfter
        self.codeName = codeName
    }

    public static func invalidRequest(_ message: String, param: String? = nil) -> GatewayError {
        GatewayError(.invalidRequest, status: 400, type: "invalid_request_error", message: message, param: param, codeName: "invalid_request")
    }

    public static func invalidJSON(_ message: String) -> GatewayError {
        GatewayError(.invalidJSON, status: 400, type: "invalid_request_error", message: message, codeName: "invalid_json")
    }

    public static func unsupportedMediaType(_ contentType: String?) -> GatewayError {
        GatewayError(
            .unsupportedMediaType, status: 415, type: "invalid_request_error",
            message: "Unsupported content type '\(contentType ?? "none")': send the request body as application/json.",
            codeName: "unsupported_media_type")
    }

    public static func bodyTooLarge(limit: Int) -> GatewayError {
        GatewayError(
            .bodyTooLarge, status: 413, type: "invalid_request_error",
            message: "Request body is larger than this gateway's limit of \(limit) bytes (server.max_body_bytes).",
            codeName: "request_too_large")
    }

    public static func unauthorized(_ message: String) -> GatewayError {
        GatewayError(.unauthorized, status: 401, type: "authentication_error", message: message, codeName: "invalid_api_key")
    }

    public static func forbidden(_ message: String) -> GatewayError {
        GatewayError(.forbidden, status: 403, type: "permission_error", message: message, codeName: "forbidden")
    }

    public static func modelNotFound(_ model: String) -> GatewayError {
        GatewayError(
            .modelNotFound, status: 404, type: "invalid_request_error",
            message: "The model '\(model)' does not exist on this gateway: use a route name from GET /v1/models or 'provider-id/model'.",
            param: "model", codeName: "model_not_found")
    }

    public static func notFound(method: String, path: String) -> GatewayError {
        GatewayError(
            .notFound, status: 404, type: "invalid_request_error", message: "No route for \(method) \(path).", codeName: "not_found")
    }

    public static func methodNotAllowed(method: String, path: String) -> GatewayError {
        GatewayError(
            .methodNotAllowed, status: 405, type: "invalid_request_error", message: "\(path) does not accept \(method).",
            codeName: "method_not_allowed")
    }

    public static func rateLimited(_ message: String, retryAfter: Int) -> GatewayError {
        GatewayError(.rateLimited, status: 429, type: "rate_limit_error", message: message, retryAfter: retryAfter, codeName: "rate_limit_exceeded")
    }

    /// A budget is used up (OpenAI's `insufficient_quota`); `retryAfter`: seconds until it resets.
    public static func budgetExceeded(_ message: String, retryAfter: Int?) -> GatewayError {
        GatewayError(
            .budgetExceeded, status: 429, type: "insufficient_quota", message: message, retryAfter: retryAfter, codeName: "insufficient_quota")
    }

    /// An error the provider answered with, passed on with its own status and the provider named.
    public static func upstream(
        provider: String, status: Int, message: String, type: String?, code: String?, param: String?, retryAfter: Int?
    ) -> GatewayError {
        GatewayError(
            .upstreamError, status: status, type: type ?? Self.defaultType(forStatus: status),
            message: "Provider '\(provider)' answered \(status): \(message)", param: param, provider: provider,
            retryAfter: retryAfter, codeName: code)
    }

    /// The provider could not be reached or broke the connection (502).
    public static func upstreamUnavailable(provider: String, reason: String) -> GatewayError {
        GatewayError(
            .upstreamUnavailable, status: 502, type: "api_error", message: "Provider '\(provider)' could not be reached: \(reason)",
            provider: provider, codeName: "upstream_unavailable")
    }

    /// The provider did not answer in time (504).
    public static func upstreamTimeout(provider: String, reason: String) -> GatewayError {
        GatewayError(
            .upstreamTimeout, status: 504, type: "api_error", message: "Provider '\(provider)' timed out: \(reason)", provider: provider,
            codeName: "upstream_timeout")
    }

    /// No provider can take the request right now (503).
    public static func providerUnavailable(_ message: String, retryAfter: Int? = nil) -> GatewayError {
        GatewayError(
            .providerUnavailable, status: 503, type: "api_error", message: message, retryAfter: retryAfter, codeName: "provider_unavailable")
    }

    /// The store cannot keep up (its writer's backlog is full): the gateway fails closed rather
    /// than serve requests whose usage it could not record (503, retried by the SDKs).
    public static func storeBacklogged(pending: Int) -> GatewayError {
        GatewayError(
            .storeBacklogged, status: 503, type: "api_error",
            message: "Signalbox is not admitting requests for a moment: its store is \(pending) records behind and usage must be recorded. Retry shortly.",
            retryAfter: 1, codeName: "store_backlogged")
    }

    public static func internalError(_ message: String) -> GatewayError {
        GatewayError(.internalError, status: 500, type: "api_error", message: message, codeName: "internal_error")
    }

    /// An error already rendered in OpenAI's shape (by the engine), read back so an inbound
    /// dialect can render it in its own: message, type, param and code are kept as they are.
    public static func relayed(_ body: OpenAIErrorBody, status: Int, retryAfter: Int? = nil) -> GatewayError {
        GatewayError(
            .relayed, status: status, type: body.error.type ?? Self.defaultType(forStatus: status), message: body.error.message,
            param: body.error.param, provider: body.error.provider, retryAfter: retryAfter, codeName: body.error.code)
    }

    /// The status an error of OpenAI's `type` usually has (for errors read without one, such as
    /// an error event inside a stream).
    public static func status(forType type: String?) -> Int {
        switch type {
        case "invalid_request_error": 400
        case "authentication_error": 401
        case "permission_error": 403
        case "rate_limit_error": 429
        default: 502
        }
    }

    private static func defaultType(forStatus status: Int) -> String {
        switch status {
        case 400, 404, 409, 413, 415, 422: "invalid_request_error"
        case 401: "authentication_error"
        case 403: "permission_error"
        case 429: "rate_limit_error"
        default: "api_error"
        }
    }
}

extension GatewayError {
    /// The OpenAI error body: `{"error":{"message":…,"type":…,"param":…,"code":…}}`.
    public var openAIBody: OpenAIErrorBody {
        OpenAIErrorBody(error: .init(message: message, type: type, param: param, code: codeName, provider: provider))
    }
}

/// OpenAI's error envelope, as the official SDKs parse it.
public struct OpenAIErrorBody: Sendable, Hashable, Codable {
    public struct Detail: Sendable, Hashable, Codable {
        public var message: String
        public var type: String?
        public var param: String?
        public var code: String?
        /// Signalbox's addition: which provider the error came from.
        public var provider: String?

        public init(message: String, type: String?, param: String?, code: String?, provider: String? = nil) {
            self.message = message
            self.type = type
            self.param = param
            self.code = code
            self.provider = provider
        }

        public func encode(to encoder: any Encoder) throws {
            // `param` and `code` are always present (null when unknown), as OpenAI sends them.
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(message, forKey: .message)
            try c.encodeIfPresent(type, forKey: .type)
            try c.encode(param, forKey: .param)
            try c.encode(code, forKey: .code)
            try c.encodeIfPresent(provider, forKey: .provider)
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.message = try c.decodeIfPresent(String.self, forKey: .message) ?? ""
            self.type = try c.decodeIfPresent(String.self, forKey: .type)
            self.param = try c.decodeIfPresent(String.self, forKey: .param)
            // Some OpenAI-compatible servers send numeric codes.
            if let code = try? c.decodeIfPresent(String.self, forKey: .code) {
                self.code = code
            } else if let code = try? c.decodeIfPresent(Int.self, forKey: .code) {
                self.code = String(code)
            } else {
                self.code = nil
            }
            self.provider = try c.decodeIfPresent(String.self, forKey: .provider)
        }

        enum CodingKeys: String, CodingKey { case message, type, param, code, provider }
    }

    public var error: Detail

    public init(error: Detail) { self.error = error }
}
