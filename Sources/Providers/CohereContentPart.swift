public import SignalboxCore

/// One part of a v2 message's content: `text`, `image_url` (vision models), `document` (tool
/// results), `thinking` (reasoning models' answers), or any other type kept verbatim.
// https://docs.cohere.com/reference/chat
// https://docs.cohere.com/docs/image-inputs
public enum CohereContentPart: Sendable, Hashable, Codable {
    case text(String)
    case imageURL(url: String, detail: String?)
    case thinking(String)
    case other(type: String, fields: [String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        let type = try c.decode(String.self, forKey: DynamicCodingKey("type"))
        switch type {
        case "text":
            self = .text(try c.decode(String.self, forKey: DynamicCodingKey("text")))
        case "thinking":
            self = .thinking(try c.decodeIfPresent(String.self, forKey: DynamicCodingKey("thinking")) ?? "")
        case "image_url":
            let image = try c.nestedContainer(keyedBy: DynamicCodingKey.self, forKey: DynamicCodingKey("image_url"))
            self = .imageURL(
                url: try image.decode(String.self, forKey: DynamicCodingKey("url")),
                detail: try image.decodeIfPresent(String.self, forKey: DynamicCodingKey("detail")))
        default:
            self = .other(type: type, fields: try c.decodeExtras(excluding: ["type"]))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        switch self {
        case .text(let text):
            try c.encode("text", forKey: DynamicCodingKey("type"))
            try c.encode(text, forKey: DynamicCodingKey("text"))
        case .thinking(let text):
            try c.encode("thinking", forKey: DynamicCodingKey("type"))
            try c.encode(text, forKey: DynamicCodingKey("thinking"))
        case .imageURL(let url, let detail):
            try c.encode("image_url", forKey: DynamicCodingKey("type"))
            var image = c.nestedContainer(keyedBy: DynamicCodingKey.self, forKey: DynamicCodingKey("image_url"))
            try image.encode(url, forKey: DynamicCodingKey("url"))
            try image.encodeIfPresent(detail, forKey: DynamicCodingKey("detail"))
        case .other(let type, let fields):
            try c.encode(type, forKey: DynamicCodingKey("type"))
            try c.encodeExtras(fields)
        }
    }

    /// The text of a `text` part (or of a `document` part's `data.text`, for tool results).
    public var text: String? {
        switch self {
        case .text(let text): text
        case .other("document", let fields): fields["document"]?["data"]?["text"]?.stringValue
        case .imageURL, .thinking, .other: nil
        }
    }
}
