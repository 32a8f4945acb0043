public import SignalboxCore

/// A tool the model may use; Signalbox sends function declarations only.
/// https://ai.google.dev/api/caching#Tool
public struct GeminiTool: Sendable, Hashable, Codable {
    /// https://ai.google.dev/api/caching#FunctionDeclaration — `parametersJsonSchema` takes a JSON
    /// Schema as is (additionalProperties, $defs, …) and is mutually exclusive with `parameters`
    /// (the older OpenAPI-subset `Schema`), which is read but never sent.
    public struct FunctionDeclaration: Sendable, Hashable, Codable {
        public var name: String
        public var description: String?
        public var parameters: JSONValue?
        public var parametersJsonSchema: JSONValue?

        public init(name: String, description: String? = nil, parameters: JSONValue? = nil, parametersJsonSchema: JSONValue? = nil) {
            self.name = name
            self.description = description
            self.parameters = parameters
            self.parametersJsonSchema = parametersJsonSchema
        }
    }

    public var functionDeclarations: [FunctionDeclaration]?

    public init(functionDeclarations: [FunctionDeclaration]?) {
        self.functionDeclarations = functionDeclarations
    }
}
