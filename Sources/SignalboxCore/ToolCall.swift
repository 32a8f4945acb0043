/// A function call requested by the model (`tool_calls[]` of an assistant message).
public struct ToolCall: Sendable, Hashable, Codable {
    public struct Function: Sendable, Hashable, Codable {
        public var name: String
        /// JSON-encoded arguments, exactly as the model produced them.
        public var arguments: String

        public init(name: String, arguments: String) {
            self.name = name
            self.arguments = arguments
        }
    }

    public var id: String
    public var type: String
    public var function: Function

    public init(id: String, type: String = "function", function: Function) {
        self.id = id
        self.type = type
        self.function = function
    }
}

/// A tool the model may call (`tools[]` of a request).
public struct Tool: Sendable, Hashable, Codable {
    public struct Function: Sendable, Hashable, Codable {
        public var name: String
        public var description: String?
        public var parameters: JSONValue?
        public var strict: Bool?

        public init(name: String, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil) {
            self.name = name
            self.description = description
            self.parameters = parameters
            self.strict = strict
        }
    }

    public var type: String
    public var function: Function

    public init(type: String = "function", function: Function) {
        self.type = type
        self.function = function
    }
}
