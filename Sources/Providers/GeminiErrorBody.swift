public import SignalboxCore

/// Google's error envelope (Gemini API and Vertex AI): `{"error":{"code":429,"message":…,
/// "status":"RESOURCE_EXHAUSTED","details":[…]}}`. https://ai.google.dev/gemini-api/docs/troubleshooting
/// and https://cloud.google.com/apis/design/errors#http_mapping
public struct GeminiErrorBody: Sendable, Hashable, Codable {
    public struct Detail: Sendable, Hashable, Codable {
        public var code: Int?
        public var message: String?
        /// The `google.rpc.Code` name: INVALID_ARGUMENT, RESOURCE_EXHAUSTED, …
        public var status: String?
        /// `google.rpc` detail messages, each with an `@type` (RetryInfo, ErrorInfo, QuotaFailure, …).
        public var details: [JSONValue]?

        public init(code: Int?, message: String?, status: String?, details: [JSONValue]? = nil) {
            self.code = code
            self.message = message
            self.status = status
            self.details = details
        }
    }

    public var error: Detail

    public init(error: Detail) { self.error = error }
}
