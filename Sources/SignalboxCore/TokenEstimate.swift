/// How many tokens a request will use, guessed before it is sent, for token rate limits and budget
/// reservations (settled to the provider's actual usage afterwards). Roughly four characters of
/// text per token, as OpenAI's guidance puts it; an image counts as `tokensPerImage`; the
/// completion counts as `max_completion_tokens` / `max_tokens`, else the configured default.
public enum TokenEstimate {
    public static let tokensPerImage = 1_000
    /// Per message: role and separators.
    static let tokensPerMessage = 4

    public static func prompt(of chat: ChatCompletionRequest) -> Int {
        var characters = 0
        var tokens = 0
        for message in chat.messages {
            tokens += tokensPerMessage
            switch message.content {
            case .text(let text): characters += text.utf8.count
            case .parts(let parts):
                for part in parts {
                    switch part {
                    case .text(let text): characters += text.utf8.count
                    case .imageURL: tokens += tokensPerImage
                    case .other: tokens += tokensPerMessage
                    }
                }
            case nil: break
            }
            for call in message.toolCalls ?? [] { characters += call.function.name.utf8.count + call.function.arguments.utf8.count }
        }
        return tokens + (characters + 3) / 4
    }

    public static func completion(of chat: ChatCompletionRequest, default fallback: Int) -> Int {
        max(0, chat.maxCompletionTokens ?? chat.maxTokens ?? fallback)
    }

    public static func prompt(of embedding: EmbeddingRequest) -> Int {
        switch embedding.input {
        case .text(let text): (text.utf8.count + 3) / 4
        case .texts(let texts): texts.reduce(0) { $0 + ($1.utf8.count + 3) / 4 }
        case .tokens(let tokens): tokens.count
        case .tokenBatches(let batches): batches.reduce(0) { $0 + $1.count }
        }
    }
}
