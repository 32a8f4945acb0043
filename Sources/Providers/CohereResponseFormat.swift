public import SignalboxCore

/// `response_format` of a v2 chat request: `{"type":"text"}` or `{"type":"json_object"}` with an
/// optional `json_schema` (the schema itself, not OpenAI's `{name, schema, strict}` wrapper).
// https://docs.cohere.com/reference/chat
// https://docs.cohere.com/docs/structured-outputs
public struct CohereResponseFormat: Sendable, Hashable, Codable {
    public var type: String
    public var jsonSchema: JSONValue?

    enum CodingKeys: String, CodingKey {
        case type
        case jsonSchema = "json_schema"
    }

    public init(type: String, jsonSchema: JSONValue? = nil) {
        self.type = type
        self.jsonSchema = jsonSchema
    }
}
