public import SignalboxCore

/// A tool the model may call. Fields Signalbox does not interpret (`type` of server tools,
/// `cache_control`, `strict`, …) are kept in `extras`.
// https://docs.anthropic.com/en/api/messages (Tool: name, description, input_schema)
public struct AnthropicTool: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// JSON Schema of the tool's input (required by Anthropic for client tools).
    public var inputSchema: JSONValue?
    public var extras: [String: JSONValue]

    public init(name: String, description: String? = nil, inputSchema: JSONValue? = nil, extras: [String: JSONValue] = [:]) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.extras = extras
    }
}

extension AnthropicTool: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        self.name = try c.decode(String.self, forKey: DynamicCodingKey("name"))
        self.description = try c.decodeIfPresent(String.self, forKey: DynamicCodingKey("description"))
        self.inputSchema = try c.decodeIfPresent(JSONValue.self, forKey: DynamicCodingKey("input_schema"))
        self.extras = try c.decodeExtras(excluding: ["name", "description", "input_schema"])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        try c.encode(name, forKey: DynamicCodingKey("name"))
        try c.encodeIfPresent(description, forKey: DynamicCodingKey("description"))
        try c.encodeIfPresent(inputSchema, forKey: DynamicCodingKey("input_schema"))
        try c.encodeExtras(extras)
    }
}
