/// The body of `GET /v1/models`: models by name with the endpoints each serves.
// https://docs.cohere.com/reference/list-models
public struct CohereModelList: Sendable, Hashable, Codable {
    public struct Model: Sendable, Hashable, Codable {
        public var name: String
        public var endpoints: [String]

        public init(name: String, endpoints: [String]) {
            self.name = name
            self.endpoints = endpoints
        }
    }

    public var models: [Model]
    public var nextPageToken: String?

    enum CodingKeys: String, CodingKey {
        case models
        case nextPageToken = "next_page_token"
    }

    public init(models: [Model], nextPageToken: String? = nil) {
        self.models = models
        self.nextPageToken = nextPageToken
    }
}
