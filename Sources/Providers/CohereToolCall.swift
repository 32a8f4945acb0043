/// A tool call of an assistant message in Cohere's v2 Chat API: the same shape as OpenAI's
/// (`{id, type: "function", function: {name, arguments}}`), arguments a JSON-encoded string.
// https://docs.cohere.com/docs/tool-use
public struct CohereToolCall: Sendable, Hashable, Codable {
    public struct Function: Sendable, Hashable, Codable {
        public var name: String?
        public var arguments: String?

        public init(name: String?, arguments: String?) {
            self.name = name
            self.arguments = arguments
        }
    }

    public var id: String?
    public var type: String?
    public var function: Function?

    public init(id: String?, type: String? = "function", function: Function?) {
        self.id = id
        self.type = type
        self.function = function
    }
}
