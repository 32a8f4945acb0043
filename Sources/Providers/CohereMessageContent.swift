/// A v2 message's `content`: a plain string or a list of typed parts.
// https://docs.cohere.com/reference/chat
public enum CohereMessageContent: Sendable, Hashable, Codable {
    case text(String)
    case parts([CohereContentPart])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .parts(try container.decode([CohereContentPart].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .parts(let parts): try container.encode(parts)
        }
    }

    /// The text parts joined (no separator: a response's parts are consecutive pieces of one answer).
    public var plainText: String {
        switch self {
        case .text(let text): text
        case .parts(let parts): parts.compactMap(\.text).joined()
        }
    }
}
