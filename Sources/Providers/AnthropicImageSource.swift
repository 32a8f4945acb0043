public import SignalboxCore

/// Where an Anthropic `image` block's bytes come from.
// https://docs.anthropic.com/en/api/messages (ImageBlockParam: Base64ImageSource, URLImageSource)
public enum AnthropicImageSource: Sendable, Hashable {
    /// `{"type":"base64","media_type":"image/png","data":"…"}`
    case base64(mediaType: String, data: String)
    /// `{"type":"url","url":"https://…"}`
    case url(String)
    /// Any other source (`file`, …) kept verbatim.
    case other(type: String, fields: [String: JSONValue])
}

extension AnthropicImageSource: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        let type = try c.decode(String.self, forKey: DynamicCodingKey("type"))
        switch type {
        case "base64":
            self = .base64(
                mediaType: try c.decode(String.self, forKey: DynamicCodingKey("media_type")),
                data: try c.decode(String.self, forKey: DynamicCodingKey("data")))
        case "url":
            self = .url(try c.decode(String.self, forKey: DynamicCodingKey("url")))
        default:
            self = .other(type: type, fields: try c.decodeExtras(excluding: ["type"]))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        switch self {
        case .base64(let mediaType, let data):
            try c.encode("base64", forKey: DynamicCodingKey("type"))
            try c.encode(mediaType, forKey: DynamicCodingKey("media_type"))
            try c.encode(data, forKey: DynamicCodingKey("data"))
        case .url(let url):
            try c.encode("url", forKey: DynamicCodingKey("type"))
            try c.encode(url, forKey: DynamicCodingKey("url"))
        case .other(let type, let fields):
            try c.encode(type, forKey: DynamicCodingKey("type"))
            try c.encodeExtras(fields)
        }
    }
}
