/// The canonical embeddings request (OpenAI's `/v1/embeddings`).
public struct EmbeddingRequest: Sendable, Hashable {
    public enum Input: Sendable, Hashable, Codable {
        case text(String)
        case texts([String])
        case tokens([Int])
        case tokenBatches([[Int]])

        public init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let value = try? c.decode(String.self) {
                self = .text(value)
            } else if let value = try? c.decode([String].self) {
                self = .texts(value)
            } else if let value = try? c.decode([Int].self) {
                self = .tokens(value)
            } else if let value = try? c.decode([[Int]].self) {
                self = .tokenBatches(value)
            } else {
                throw DecodingError.dataCorruptedError(
                    in: c, debugDescription: "expected a string, an array of strings, or an array of token arrays")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .text(let value): try c.encode(value)
            case .texts(let value): try c.encode(value)
            case .tokens(let value): try c.encode(value)
            case .tokenBatches(let value): try c.encode(value)
            }
        }

        /// The inputs as texts (token inputs have none).
        public var texts: [String] {
            switch self {
            case .text(let value): [value]
            case .texts(let value): value
            case .tokens, .tokenBatches: []
            }
        }

        public var isEmpty: Bool {
            switch self {
            case .text: false
            case .texts(let value): value.isEmpty
            case .tokens(let value): value.isEmpty
            case .tokenBatches(let value): value.isEmpty
            }
        }
    }

    public var model: String
    public var input: Input
    public var extras: [String: JSONValue]

    public init(model: String, input: Input, extras: [String: JSONValue] = [:]) {
        self.model = model
        self.input = input
        self.extras = extras
    }
}

extension EmbeddingRequest: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        self.model = try c.decode(String.self, forKey: DynamicCodingKey("model"))
        self.input = try c.decode(Input.self, forKey: DynamicCodingKey("input"))
        self.extras = try c.decodeExtras(excluding: ["model", "input"])
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        try c.encode(model, forKey: DynamicCodingKey("model"))
        try c.encode(input, forKey: DynamicCodingKey("input"))
        try c.encodeExtras(extras)
    }
}

/// The canonical embeddings response.
public struct EmbeddingResponse: Sendable, Hashable, Codable {
    public struct Item: Sendable, Hashable, Codable {
        public var object: String
        public var index: Int
        public var embedding: [Double]

        public init(index: Int, embedding: [Double]) {
            self.object = "embedding"
            self.index = index
            self.embedding = embedding
        }
    }

    public var object: String
    public var data: [Item]
    public var model: String
    public var usage: Usage?

    public init(data: [Item], model: String, usage: Usage?) {
        self.object = "list"
        self.data = data
        self.model = model
        self.usage = usage
    }
}
