/// Bedrock's error body: `{"message": …}` (the exception name is in the `x-amzn-ErrorType`
/// header; some front ends also put it in `__type`). Stream exceptions carry the same payload.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/CommonErrors.html
public struct BedrockErrorBody: Sendable, Hashable, Codable {
    public var message: String?
    public var type: String?

    enum CodingKeys: String, CodingKey {
        case message
        case upperMessage = "Message"
        case type = "__type"
    }

    public init(message: String, type: String? = nil) {
        self.message = message
        self.type = type
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.message = try c.decodeIfPresent(String.self, forKey: .message) ?? c.decodeIfPresent(String.self, forKey: .upperMessage)
        self.type = try c.decodeIfPresent(String.self, forKey: .type)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(message, forKey: .message)
        try c.encodeIfPresent(type, forKey: .type)
    }
}
