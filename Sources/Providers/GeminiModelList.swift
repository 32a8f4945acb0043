/// The answer of `GET /v1beta/models`. https://ai.google.dev/api/models#method:-models.list
public struct GeminiModelList: Sendable, Hashable, Codable {
    /// https://ai.google.dev/api/models#Model — `name` is "models/{model}".
    public struct Model: Sendable, Hashable, Codable {
        public var name: String
        public var displayName: String?
        public var inputTokenLimit: Int?
        public var outputTokenLimit: Int?
        public var supportedGenerationMethods: [String]?

        public init(
            name: String, displayName: String? = nil, inputTokenLimit: Int? = nil, outputTokenLimit: Int? = nil,
            supportedGenerationMethods: [String]? = nil
        ) {
            self.name = name
            self.displayName = displayName
            self.inputTokenLimit = inputTokenLimit
            self.outputTokenLimit = outputTokenLimit
            self.supportedGenerationMethods = supportedGenerationMethods
        }
    }

    public var models: [Model]
    public var nextPageToken: String?

    public init(models: [Model], nextPageToken: String? = nil) {
        self.models = models
        self.nextPageToken = nextPageToken
    }
}
