public import SignalboxCore

/// `usage` of a v2 chat answer (and of `message-end`): the tokens the model saw and produced
/// (`tokens`) and the tokens billed (`billed_units`, without the prompt template). Counts are
/// numbers in the schema; whole numbers in practice.
// https://docs.cohere.com/reference/chat
public struct CohereUsage: Sendable, Hashable, Codable {
    public struct Counts: Sendable, Hashable, Codable {
        public var inputTokens: Double?
        public var outputTokens: Double?

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
        }

        public init(inputTokens: Double?, outputTokens: Double?) {
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
        }
    }

    public var billedUnits: Counts?
    public var tokens: Counts?

    enum CodingKeys: String, CodingKey {
        case billedUnits = "billed_units"
        case tokens
    }

    public init(billedUnits: Counts?, tokens: Counts?) {
        self.billedUnits = billedUnits
        self.tokens = tokens
    }

    /// Canonical usage from `tokens`, falling back to `billed_units` per count; nil when neither
    /// says anything.
    public var canonical: Usage? {
        let input = tokens?.inputTokens ?? billedUnits?.inputTokens
        let output = tokens?.outputTokens ?? billedUnits?.outputTokens
        guard input != nil || output != nil else { return nil }
        return Usage(promptTokens: Int(input ?? 0), completionTokens: Int(output ?? 0))
    }
}
