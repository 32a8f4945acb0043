/// Token usage as OpenAI reports it.
public struct Usage: Sendable, Hashable, Codable {
    public struct PromptDetails: Sendable, Hashable, Codable {
        public var cachedTokens: Int?
        enum CodingKeys: String, CodingKey { case cachedTokens = "cached_tokens" }
        public init(cachedTokens: Int?) { self.cachedTokens = cachedTokens }
    }
    public struct CompletionDetails: Sendable, Hashable, Codable {
        public var reasoningTokens: Int?
        enum CodingKeys: String, CodingKey { case reasoningTokens = "reasoning_tokens" }
        public init(reasoningTokens: Int?) { self.reasoningTokens = reasoningTokens }
    }

    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int
    public var promptTokensDetails: PromptDetails?
    public var completionTokensDetails: CompletionDetails?

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case promptTokensDetails = "prompt_tokens_details"
        case completionTokensDetails = "completion_tokens_details"
    }

    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int? = nil) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens ?? promptTokens + completionTokens
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // Embedding responses carry no completion tokens.
        self.promptTokens = try c.decodeIfPresent(Int.self, forKey: .promptTokens) ?? 0
        self.completionTokens = try c.decodeIfPresent(Int.self, forKey: .completionTokens) ?? 0
        self.totalTokens = try c.decodeIfPresent(Int.self, forKey: .totalTokens) ?? promptTokens + completionTokens
        self.promptTokensDetails = try c.decodeIfPresent(PromptDetails.self, forKey: .promptTokensDetails)
        self.completionTokensDetails = try c.decodeIfPresent(CompletionDetails.self, forKey: .completionTokensDetails)
    }
}

/// A complete (non-streamed) chat completion.
public struct ChatCompletionResponse: Sendable, Hashable, Codable {
    public struct Choice: Sendable, Hashable, Codable {
        public var index: Int
        public var message: ChatMessage
        public var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, message
            case finishReason = "finish_reason"
        }

        public init(index: Int, message: ChatMessage, finishReason: String?) {
            self.index = index
            self.message = message
            self.finishReason = finishReason
        }
    }

    public var id: String
    public var object: String
    public var created: Int
    public var model: String
    public var choices: [Choice]
    public var usage: Usage?

    public init(id: String, created: Int, model: String, choices: [Choice], usage: Usage?) {
        self.id = id
        self.object = "chat.completion"
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
    }
}

/// One `chat.completion.chunk` of a streamed completion.
public struct ChatCompletionChunk: Sendable, Hashable, Codable {
    public struct ToolCallDelta: Sendable, Hashable, Codable {
        public struct Function: Sendable, Hashable, Codable {
            public var name: String?
            public var arguments: String?
            public init(name: String? = nil, arguments: String? = nil) {
                self.name = name
                self.arguments = arguments
            }
        }
        public var index: Int
        public var id: String?
        public var type: String?
        public var function: Function?

        public init(index: Int, id: String? = nil, type: String? = nil, function: Function? = nil) {
            self.index = index
            self.id = id
            self.type = type
            self.function = function
        }
    }

    public struct Delta: Sendable, Hashable, Codable {
        public var role: String?
        public var content: String?
        public var toolCalls: [ToolCallDelta]?

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
        }

        public init(role: String? = nil, content: String? = nil, toolCalls: [ToolCallDelta]? = nil) {
            self.role = role
            self.content = content
            self.toolCalls = toolCalls
        }
    }

    public struct Choice: Sendable, Hashable, Codable {
        public var index: Int
        public var delta: Delta
        public var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, delta
            case finishReason = "finish_reason"
        }

        public init(index: Int, delta: Delta, finishReason: String?) {
            self.index = index
            self.delta = delta
            self.finishReason = finishReason
        }
    }

    public var id: String
    public var object: String
    public var created: Int
    public var model: String
    public var choices: [Choice]
    public var usage: Usage?

    public init(id: String, created: Int, model: String, choices: [Choice], usage: Usage? = nil) {
        self.id = id
        self.object = "chat.completion.chunk"
        self.created = created
        self.model = model
        self.choices = choices
        self.usage = usage
    }
}
