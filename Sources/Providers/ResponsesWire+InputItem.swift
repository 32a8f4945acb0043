public import SignalboxCore

// https://platform.openai.com/docs/api-reference/responses/create (input → input item list)
extension ResponsesWire {
    /// One item of a request's `input` list. Items Signalbox cannot translate are kept as `other`
    /// so the translator can name them in its error.
    public enum InputItem: Sendable, Hashable {
        /// A message (`type` "message" or absent): role `user`, `assistant`, `system` or `developer`.
        case message(role: String, content: MessageContent)
        /// A function call the model made earlier (`type` "function_call").
        case functionCall(callID: String, name: String, arguments: String, id: String?)
        /// The result of a function call (`type` "function_call_output").
        case functionCallOutput(callID: String, output: MessageContent)
        /// A reasoning item from an earlier response (`type` "reasoning").
        case reasoning(fields: [String: JSONValue])
        /// Any other item type, kept verbatim.
        case other(type: String, fields: [String: JSONValue])

        /// A message's content (also a function call's output): a string or a list of parts.
        public enum MessageContent: Sendable, Hashable, Codable {
            case text(String)
            case parts([InputPart])

            public init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    self = .text(text)
                } else {
                    self = .parts(try container.decode([InputPart].self))
                }
            }

            public func encode(to encoder: any Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .text(let text): try container.encode(text)
                case .parts(let parts): try container.encode(parts)
                }
            }
        }
    }
}

extension ResponsesWire.InputItem: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        let type = try c.decodeIfPresent(String.self, forKey: key("type")) ?? "message"
        switch type {
        case "message":
            self = .message(
                role: try c.decode(String.self, forKey: key("role")), content: try c.decode(MessageContent.self, forKey: key("content")))
        case "function_call":
            self = .functionCall(
                callID: try c.decode(String.self, forKey: key("call_id")), name: try c.decode(String.self, forKey: key("name")),
                arguments: try c.decode(String.self, forKey: key("arguments")), id: try c.decodeIfPresent(String.self, forKey: key("id")))
        case "function_call_output":
            self = .functionCallOutput(
                callID: try c.decode(String.self, forKey: key("call_id")), output: try c.decode(MessageContent.self, forKey: key("output")))
        case "reasoning":
            self = .reasoning(fields: try c.decodeExtras(excluding: ["type"]))
        default:
            self = .other(type: type, fields: try c.decodeExtras(excluding: ["type"]))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        switch self {
        case .message(let role, let content):
            try c.encode("message", forKey: key("type"))
            try c.encode(role, forKey: key("role"))
            try c.encode(content, forKey: key("content"))
        case .functionCall(let callID, let name, let arguments, let id):
            try c.encode("function_call", forKey: key("type"))
            try c.encodeIfPresent(id, forKey: key("id"))
            try c.encode(callID, forKey: key("call_id"))
            try c.encode(name, forKey: key("name"))
            try c.encode(arguments, forKey: key("arguments"))
        case .functionCallOutput(let callID, let output):
            try c.encode("function_call_output", forKey: key("type"))
            try c.encode(callID, forKey: key("call_id"))
            try c.encode(output, forKey: key("output"))
        case .reasoning(let fields):
            try c.encode("reasoning", forKey: key("type"))
            try c.encodeExtras(fields)
        case .other(let type, let fields):
            try c.encode(type, forKey: key("type"))
            try c.encodeExtras(fields)
        }
    }
}
