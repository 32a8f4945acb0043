public import SignalboxCore

// https://platform.openai.com/docs/api-reference/responses/object (usage)
extension ResponsesWire {
    /// Token usage of a response; every field is required by the official SDKs.
    public struct Usage: Sendable, Hashable, Codable {
        public struct InputDetails: Sendable, Hashable, Codable {
            public var cachedTokens: Int
            /// Tokens written to the prompt cache; the canonical usage does not report them (0).
            public var cacheWriteTokens: Int
            enum CodingKeys: String, CodingKey {
                case cachedTokens = "cached_tokens"
                case cacheWriteTokens = "cache_write_tokens"
            }
            public init(cachedTokens: Int, cacheWriteTokens: Int = 0) {
                self.cachedTokens = cachedTokens
                self.cacheWriteTokens = cacheWriteTokens
            }
            public init(from decoder: any Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                self.cachedTokens = try c.decodeIfPresent(Int.self, forKey: .cachedTokens) ?? 0
                self.cacheWriteTokens = try c.decodeIfPresent(Int.self, forKey: .cacheWriteTokens) ?? 0
            }
        }

        public struct OutputDetails: Sendable, Hashable, Codable {
            public var reasoningTokens: Int
            enum CodingKeys: String, CodingKey { case reasoningTokens = "reasoning_tokens" }
            public init(reasoningTokens: Int) { self.reasoningTokens = reasoningTokens }
        }

        public var inputTokens: Int
        public var inputTokensDetails: InputDetails
        public var outputTokens: Int
        public var outputTokensDetails: OutputDetails
        public var totalTokens: Int

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case inputTokensDetails = "input_tokens_details"
            case outputTokens = "output_tokens"
            case outputTokensDetails = "output_tokens_details"
            case totalTokens = "total_tokens"
        }

        public init(inputTokens: Int, cachedTokens: Int, outputTokens: Int, reasoningTokens: Int, totalTokens: Int) {
            self.inputTokens = inputTokens
            self.inputTokensDetails = InputDetails(cachedTokens: cachedTokens)
            self.outputTokens = outputTokens
            self.outputTokensDetails = OutputDetails(reasoningTokens: reasoningTokens)
            self.totalTokens = totalTokens
        }

        /// The canonical usage in this shape: prompt tokens (cached included) are input tokens.
        public init(_ usage: SignalboxCore.Usage) {
            self.init(
                inputTokens: usage.promptTokens, cachedTokens: usage.promptTokensDetails?.cachedTokens ?? 0,
                outputTokens: usage.completionTokens, reasoningTokens: usage.completionTokensDetails?.reasoningTokens ?? 0,
                totalTokens: usage.totalTokens)
        }
    }
}
