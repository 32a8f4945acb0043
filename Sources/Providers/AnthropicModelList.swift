/// The body of `GET /v1/models`.
// https://docs.anthropic.com/en/api/models-list
public struct AnthropicModelList: Sendable, Hashable, Codable {
    public struct Model: Sendable, Hashable, Codable {
        public var type: String
        public var id: String
        public var displayName: String
        /// RFC 3339 date-time.
        public var createdAt: String

        enum CodingKeys: String, CodingKey {
            case type, id
            case displayName = "display_name"
            case createdAt = "created_at"
        }

        public init(id: String, displayName: String, createdAt: String) {
            self.type = "model"
            self.id = id
            self.displayName = displayName
            self.createdAt = createdAt
        }
    }

    public var data: [Model]
    public var hasMore: Bool
    public var firstID: String?
    public var lastID: String?

    enum CodingKeys: String, CodingKey {
        case data
        case hasMore = "has_more"
        case firstID = "first_id"
        case lastID = "last_id"
    }

    public init(data: [Model], hasMore: Bool = false) {
        self.data = data
        self.hasMore = hasMore
        self.firstID = data.first?.id
        self.lastID = data.last?.id
    }

    public func encode(to encoder: any Encoder) throws {
        // `first_id` and `last_id` are null for an empty list, as Anthropic sends them.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(data, forKey: .data)
        try c.encode(hasMore, forKey: .hasMore)
        try c.encode(firstID, forKey: .firstID)
        try c.encode(lastID, forKey: .lastID)
    }
}
