public import SignalboxCore

// https://platform.openai.com/docs/api-reference/responses/create (tools; function tools are flat)
extension ResponsesWire {
    /// A tool of a request (and echoed in the response object). Function tools have `name`,
    /// `description`, `parameters` and `strict` at the top level; built-in tools
    /// (`web_search`, `file_search`, …) keep their fields in `extras`.
    public struct Tool: Sendable, Hashable {
        public var type: String
        public var name: String?
        public var description: String?
        public var parameters: JSONValue?
        public var strict: Bool?
        public var extras: [String: JSONValue]

        public init(
            type: String = "function", name: String?, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil,
            extras: [String: JSONValue] = [:]
        ) {
            self.type = type
            self.name = name
            self.description = description
            self.parameters = parameters
            self.strict = strict
            self.extras = extras
        }
    }
}

extension ResponsesWire.Tool: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        self.type = try c.decode(String.self, forKey: key("type"))
        if type == "function" {
            self.name = try c.decode(String.self, forKey: key("name"))
            self.description = try c.decodeIfPresent(String.self, forKey: key("description"))
            self.parameters = try c.decodeIfPresent(JSONValue.self, forKey: key("parameters"))
            self.strict = try c.decodeIfPresent(Bool.self, forKey: key("strict"))
            self.extras = try c.decodeExtras(excluding: ["type", "name", "description", "parameters", "strict"])
        } else {
            self.extras = try c.decodeExtras(excluding: ["type"])
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        try c.encode(type, forKey: key("type"))
        if type == "function" {
            // The object reference lists these as always present (null when unset).
            try c.encode(name, forKey: key("name"))
            try c.encode(description, forKey: key("description"))
            try c.encode(parameters, forKey: key("parameters"))
            try c.encode(strict, forKey: key("strict"))
        }
        try c.encodeExtras(extras)
    }
}
