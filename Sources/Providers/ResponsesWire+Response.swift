public import SignalboxCore

// https://platform.openai.com/docs/api-reference/responses/object
extension ResponsesWire {
    /// The Response object. The official SDKs require `id`, `object`, `created_at`, `model`,
    /// `output`, `parallel_tool_calls`, `tool_choice` and `tools`, and read the nullable fields
    /// (`error`, `incomplete_details`, `instructions`, …) as present, so they are always encoded.
    public struct Response: Sendable, Hashable {
        public struct IncompleteDetails: Sendable, Hashable, Codable {
            /// `max_output_tokens` or `content_filter`.
            public var reason: String
            public init(reason: String) { self.reason = reason }
        }

        public struct ErrorInfo: Sendable, Hashable, Codable {
            public var code: String
            public var message: String
            public init(code: String, message: String) {
                self.code = code
                self.message = message
            }
        }

        public var id: String
        public var object: String = "response"
        public var createdAt: Int
        /// `completed`, `incomplete`, `in_progress` or `failed`.
        public var status: String
        public var error: ErrorInfo?
        public var incompleteDetails: IncompleteDetails?
        public var instructions: String?
        public var maxOutputTokens: Int?
        public var model: String
        public var output: [OutputItem]
        public var parallelToolCalls: Bool
        public var previousResponseID: String?
        public var reasoning: JSONValue
        public var store: Bool
        public var temperature: Double?
        public var text: JSONValue
        public var toolChoice: JSONValue
        public var tools: [Tool]
        public var topP: Double?
        public var truncation: String
        public var usage: Usage?
        public var user: String?
        public var metadata: [String: JSONValue]

        public init(
            id: String, createdAt: Int, status: String, model: String, output: [OutputItem], error: ErrorInfo? = nil,
            incompleteDetails: IncompleteDetails? = nil, instructions: String? = nil, maxOutputTokens: Int? = nil,
            parallelToolCalls: Bool = true, previousResponseID: String? = nil,
            reasoning: JSONValue = .object(["effort": .null, "summary": .null]), store: Bool = true, temperature: Double? = 1,
            text: JSONValue = .object(["format": .object(["type": .string("text")])]), toolChoice: JSONValue = .string("auto"),
            tools: [Tool] = [], topP: Double? = 1, truncation: String = "disabled", usage: Usage? = nil, user: String? = nil,
            metadata: [String: JSONValue] = [:]
        ) {
            self.id = id
            self.createdAt = createdAt
            self.status = status
            self.model = model
            self.output = output
            self.error = error
            self.incompleteDetails = incompleteDetails
            self.instructions = instructions
            self.maxOutputTokens = maxOutputTokens
            self.parallelToolCalls = parallelToolCalls
            self.previousResponseID = previousResponseID
            self.reasoning = reasoning
            self.store = store
            self.temperature = temperature
            self.text = text
            self.toolChoice = toolChoice
            self.tools = tools
            self.topP = topP
            self.truncation = truncation
            self.usage = usage
            self.user = user
            self.metadata = metadata
        }
    }
}

extension ResponsesWire.Response: Codable {
    enum CodingKeys: String, CodingKey {
        case id, object, status, error, instructions, model, output, reasoning, store, temperature, text, tools, truncation, usage, user
        case metadata
        case createdAt = "created_at"
        case incompleteDetails = "incomplete_details"
        case maxOutputTokens = "max_output_tokens"
        case parallelToolCalls = "parallel_tool_calls"
        case previousResponseID = "previous_response_id"
        case toolChoice = "tool_choice"
        case topP = "top_p"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.id = try c.decode(String.self, forKey: .id)
        self.object = try c.decodeIfPresent(String.self, forKey: .object) ?? "response"
        self.createdAt = try c.decode(Int.self, forKey: .createdAt)
        self.status = try c.decodeIfPresent(String.self, forKey: .status) ?? "completed"
        self.error = try c.decodeIfPresent(ErrorInfo.self, forKey: .error)
        self.incompleteDetails = try c.decodeIfPresent(IncompleteDetails.self, forKey: .incompleteDetails)
        self.instructions = try c.decodeIfPresent(String.self, forKey: .instructions)
        self.maxOutputTokens = try c.decodeIfPresent(Int.self, forKey: .maxOutputTokens)
        self.model = try c.decode(String.self, forKey: .model)
        self.output = try c.decode([ResponsesWire.OutputItem].self, forKey: .output)
        self.parallelToolCalls = try c.decodeIfPresent(Bool.self, forKey: .parallelToolCalls) ?? true
        self.previousResponseID = try c.decodeIfPresent(String.self, forKey: .previousResponseID)
        self.reasoning = try c.decodeIfPresent(JSONValue.self, forKey: .reasoning) ?? .null
        self.store = try c.decodeIfPresent(Bool.self, forKey: .store) ?? true
        self.temperature = try c.decodeIfPresent(Double.self, forKey: .temperature)
        self.text = try c.decodeIfPresent(JSONValue.self, forKey: .text) ?? .null
        self.toolChoice = try c.decodeIfPresent(JSONValue.self, forKey: .toolChoice) ?? .string("auto")
        self.tools = try c.decodeIfPresent([ResponsesWire.Tool].self, forKey: .tools) ?? []
        self.topP = try c.decodeIfPresent(Double.self, forKey: .topP)
        self.truncation = try c.decodeIfPresent(String.self, forKey: .truncation) ?? "disabled"
        self.usage = try c.decodeIfPresent(ResponsesWire.Usage.self, forKey: .usage)
        self.user = try c.decodeIfPresent(String.self, forKey: .user)
        self.metadata = try c.decodeIfPresent([String: JSONValue].self, forKey: .metadata) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(object, forKey: .object)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(status, forKey: .status)
        try c.encode(error, forKey: .error)
        try c.encode(incompleteDetails, forKey: .incompleteDetails)
        try c.encode(instructions, forKey: .instructions)
        try c.encode(maxOutputTokens, forKey: .maxOutputTokens)
        try c.encode(model, forKey: .model)
        try c.encode(output, forKey: .output)
        try c.encode(parallelToolCalls, forKey: .parallelToolCalls)
        try c.encode(previousResponseID, forKey: .previousResponseID)
        try c.encode(reasoning, forKey: .reasoning)
        try c.encode(store, forKey: .store)
        try c.encode(temperature, forKey: .temperature)
        try c.encode(text, forKey: .text)
        try c.encode(toolChoice, forKey: .toolChoice)
        try c.encode(tools, forKey: .tools)
        try c.encode(topP, forKey: .topP)
        try c.encode(truncation, forKey: .truncation)
        try c.encode(usage, forKey: .usage)
        try c.encode(user, forKey: .user)
        try c.encode(metadata, forKey: .metadata)
    }
}
