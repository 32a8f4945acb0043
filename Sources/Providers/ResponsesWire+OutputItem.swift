import SignalboxCore

// https://platform.openai.com/docs/api-reference/responses/object (output)
extension ResponsesWire {
    /// One item of a response's `output`: an assistant message or a function call.
    public enum OutputItem: Sendable, Hashable {
        case message(id: String, status: String, content: [OutputContent])
        case functionCall(id: String, callID: String, name: String, arguments: String, status: String)

        public var id: String {
            switch self {
            case .message(let id, _, _), .functionCall(let id, _, _, _, _): id
            }
        }
    }

    /// One part of an output message: `output_text` (with its `annotations`, always `[]` here)
    /// or `refusal`.
    public enum OutputContent: Sendable, Hashable {
        case outputText(String)
        case refusal(String)
    }
}

extension ResponsesWire.OutputItem: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        let type = try c.decode(String.self, forKey: key("type"))
        switch type {
        case "message":
            self = .message(
                id: try c.decode(String.self, forKey: key("id")), status: try c.decode(String.self, forKey: key("status")),
                content: try c.decode([ResponsesWire.OutputContent].self, forKey: key("content")))
        case "function_call":
            self = .functionCall(
                id: try c.decode(String.self, forKey: key("id")), callID: try c.decode(String.self, forKey: key("call_id")),
                name: try c.decode(String.self, forKey: key("name")), arguments: try c.decode(String.self, forKey: key("arguments")),
                status: try c.decodeIfPresent(String.self, forKey: key("status")) ?? "completed")
        default:
            throw DecodingError.dataCorruptedError(
                forKey: key("type"), in: c, debugDescription: "'\(type)' output items are not produced by Signalbox")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        switch self {
        case .message(let id, let status, let content):
            try c.encode("message", forKey: key("type"))
            try c.encode(id, forKey: key("id"))
            try c.encode(status, forKey: key("status"))
            try c.encode("assistant", forKey: key("role"))
            try c.encode(content, forKey: key("content"))
        case .functionCall(let id, let callID, let name, let arguments, let status):
            try c.encode("function_call", forKey: key("type"))
            try c.encode(id, forKey: key("id"))
            try c.encode(callID, forKey: key("call_id"))
            try c.encode(name, forKey: key("name"))
            try c.encode(arguments, forKey: key("arguments"))
            try c.encode(status, forKey: key("status"))
        }
    }
}

extension ResponsesWire.OutputContent: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        let type = try c.decode(String.self, forKey: key("type"))
        switch type {
        case "output_text": self = .outputText(try c.decode(String.self, forKey: key("text")))
        case "refusal": self = .refusal(try c.decode(String.self, forKey: key("refusal")))
        default:
            throw DecodingError.dataCorruptedError(forKey: key("type"), in: c, debugDescription: "'\(type)' is not output_text or refusal")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        switch self {
        case .outputText(let text):
            try c.encode("output_text", forKey: key("type"))
            try c.encode(text, forKey: key("text"))
            try c.encode([JSONValue](), forKey: key("annotations"))
        case .refusal(let refusal):
            try c.encode("refusal", forKey: key("type"))
            try c.encode(refusal, forKey: key("refusal"))
        }
    }
}
