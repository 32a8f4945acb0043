public import SignalboxCore

// https://platform.openai.com/docs/api-reference/responses/create
extension ResponsesWire {
    /// The body of `POST /v1/responses`.
    public struct CreateRequest: Sendable, Hashable {
        /// `input`: a plain string (one user message) or a list of items.
        public enum Input: Sendable, Hashable {
            case text(String)
            case items([InputItem])
        }

        public var model: String
        public var input: Input?
        public var instructions: String?
        public var tools: [Tool]?
        public var toolChoice: JSONValue?
        public var temperature: Double?
        public var topP: Double?
        public var maxOutputTokens: Int?
        public var parallelToolCalls: Bool?
        public var stream: Bool?
        public var text: JSONValue?
        public var reasoning: JSONValue?
        public var previousResponseID: String?
        public var store: Bool?
        public var metadata: [String: JSONValue]?
        public var user: String?
        public var truncation: String?
        /// Every other field, kept as sent.
        public var extras: [String: JSONValue]

        public init(model: String, input: Input?, extras: [String: JSONValue] = [:]) {
            self.model = model
            self.input = input
            self.extras = extras
        }
    }
}

extension ResponsesWire.CreateRequest: Codable {
    private static let known: Set<String> = [
        "model", "input", "instructions", "tools", "tool_choice", "temperature", "top_p", "max_output_tokens",
        "parallel_tool_calls", "stream", "text", "reasoning", "previous_response_id", "store", "metadata", "user", "truncation",
    ]

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        self.model = try c.decode(String.self, forKey: key("model"))
        if let text = try? c.decodeIfPresent(String.self, forKey: key("input")) {
            self.input = .text(text)
        } else {
            self.input = try c.decodeIfPresent([ResponsesWire.InputItem].self, forKey: key("input")).map(Input.items)
        }
        self.instructions = try c.decodeIfPresent(String.self, forKey: key("instructions"))
        self.tools = try c.decodeIfPresent([ResponsesWire.Tool].self, forKey: key("tools"))
        self.toolChoice = try c.decodeIfPresent(JSONValue.self, forKey: key("tool_choice"))
        self.temperature = try c.decodeIfPresent(Double.self, forKey: key("temperature"))
        self.topP = try c.decodeIfPresent(Double.self, forKey: key("top_p"))
        self.maxOutputTokens = try c.decodeIfPresent(Int.self, forKey: key("max_output_tokens"))
        self.parallelToolCalls = try c.decodeIfPresent(Bool.self, forKey: key("parallel_tool_calls"))
        self.stream = try c.decodeIfPresent(Bool.self, forKey: key("stream"))
        self.text = try c.decodeIfPresent(JSONValue.self, forKey: key("text"))
        self.reasoning = try c.decodeIfPresent(JSONValue.self, forKey: key("reasoning"))
        self.previousResponseID = try c.decodeIfPresent(String.self, forKey: key("previous_response_id"))
        self.store = try c.decodeIfPresent(Bool.self, forKey: key("store"))
        self.metadata = try c.decodeIfPresent([String: JSONValue].self, forKey: key("metadata"))
        self.user = try c.decodeIfPresent(String.self, forKey: key("user"))
        self.truncation = try c.decodeIfPresent(String.self, forKey: key("truncation"))
        self.extras = try c.decodeExtras(excluding: Self.known)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        try c.encode(model, forKey: key("model"))
        switch input {
        case .text(let text): try c.encode(text, forKey: key("input"))
        case .items(let items): try c.encode(items, forKey: key("input"))
        case nil: break
        }
        try c.encodeIfPresent(instructions, forKey: key("instructions"))
        try c.encodeIfPresent(tools, forKey: key("tools"))
        try c.encodeIfPresent(toolChoice, forKey: key("tool_choice"))
        try c.encodeIfPresent(temperature, forKey: key("temperature"))
        try c.encodeIfPresent(topP, forKey: key("top_p"))
        try c.encodeIfPresent(maxOutputTokens, forKey: key("max_output_tokens"))
        try c.encodeIfPresent(parallelToolCalls, forKey: key("parallel_tool_calls"))
        try c.encodeIfPresent(stream, forKey: key("stream"))
        try c.encodeIfPresent(text, forKey: key("text"))
        try c.encodeIfPresent(reasoning, forKey: key("reasoning"))
        try c.encodeIfPresent(previousResponseID, forKey: key("previous_response_id"))
        try c.encodeIfPresent(store, forKey: key("store"))
        try c.encodeIfPresent(metadata, forKey: key("metadata"))
        try c.encodeIfPresent(user, forKey: key("user"))
        try c.encodeIfPresent(truncation, forKey: key("truncation"))
        try c.encodeExtras(extras)
    }
}
