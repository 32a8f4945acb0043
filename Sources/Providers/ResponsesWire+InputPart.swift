public import SignalboxCore

// https://platform.openai.com/docs/api-reference/responses/create (input message content)
extension ResponsesWire {
    /// One part of an input message's content.
    public enum InputPart: Sendable, Hashable {
        case inputText(String)
        /// `input_image`: an `image_url` (https or data URL) or an uploaded `file_id`.
        case inputImage(imageURL: String?, fileID: String?, detail: String?)
        /// `input_file`: `file_data` (data URL), `file_id`, `file_url` and `filename` as sent.
        case inputFile(fields: [String: JSONValue])
        /// `output_text`: text of an earlier assistant message sent back as input.
        case outputText(String)
        case refusal(String)
        case other(type: String, fields: [String: JSONValue])
    }
}

extension ResponsesWire.InputPart: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        let type = try c.decode(String.self, forKey: key("type"))
        switch type {
        case "input_text": self = .inputText(try c.decode(String.self, forKey: key("text")))
        case "output_text": self = .outputText(try c.decode(String.self, forKey: key("text")))
        case "refusal": self = .refusal(try c.decode(String.self, forKey: key("refusal")))
        case "input_image":
            self = .inputImage(
                imageURL: try c.decodeIfPresent(String.self, forKey: key("image_url")),
                fileID: try c.decodeIfPresent(String.self, forKey: key("file_id")),
                detail: try c.decodeIfPresent(String.self, forKey: key("detail")))
        case "input_file": self = .inputFile(fields: try c.decodeExtras(excluding: ["type"]))
        default: self = .other(type: type, fields: try c.decodeExtras(excluding: ["type"]))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        switch self {
        case .inputText(let text):
            try c.encode("input_text", forKey: key("type"))
            try c.encode(text, forKey: key("text"))
        case .outputText(let text):
            try c.encode("output_text", forKey: key("type"))
            try c.encode(text, forKey: key("text"))
        case .refusal(let refusal):
            try c.encode("refusal", forKey: key("type"))
            try c.encode(refusal, forKey: key("refusal"))
        case .inputImage(let imageURL, let fileID, let detail):
            try c.encode("input_image", forKey: key("type"))
            try c.encodeIfPresent(imageURL, forKey: key("image_url"))
            try c.encodeIfPresent(fileID, forKey: key("file_id"))
            try c.encodeIfPresent(detail, forKey: key("detail"))
        case .inputFile(let fields):
            try c.encode("input_file", forKey: key("type"))
            try c.encodeExtras(fields)
        case .other(let type, let fields):
            try c.encode(type, forKey: key("type"))
            try c.encodeExtras(fields)
        }
    }
}
