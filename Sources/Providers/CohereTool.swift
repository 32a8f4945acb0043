public import SignalboxCore

/// A function the model may call (`tools[]` of a v2 chat request): OpenAI's function schema
/// without `strict`, which Cohere sets for all tools at once with `strict_tools`.
// https://docs.cohere.com/reference/chat
public struct CohereTool: Sendable, Hashable, Codable {
    public struct Function: Sendable, Hashable, Codable {
        public var name: String
        public var description: String?
        public var parameters: JSONValue?

        public init(name: String, description: String? = nil, parameters: JSONValue? = nil) {
            self.name = name
            self.description = description
            self.parameters = parameters
        }
    }

    public var type: String
    public var function: Function

    public init(type: String = "function", function: Function) {
        self.type = type
        self.function = function
    }
}
