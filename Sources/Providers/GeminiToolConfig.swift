/// How the model may call the declared functions.
/// https://ai.google.dev/api/caching#ToolConfig
public struct GeminiToolConfig: Sendable, Hashable, Codable {
    /// https://ai.google.dev/api/caching#FunctionCallingConfig — `mode` is AUTO, ANY, NONE (or
    /// VALIDATED); `allowedFunctionNames` only with ANY/VALIDATED.
    public struct FunctionCallingConfig: Sendable, Hashable, Codable {
        public var mode: String?
        public var allowedFunctionNames: [String]?

        public init(mode: String?, allowedFunctionNames: [String]? = nil) {
            self.mode = mode
            self.allowedFunctionNames = allowedFunctionNames
        }
    }

    public var functionCallingConfig: FunctionCallingConfig?

    public init(functionCallingConfig: FunctionCallingConfig?) {
        self.functionCallingConfig = functionCallingConfig
    }
}
