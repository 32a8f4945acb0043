/// The API dialect a mock provider speaks (one `MockDialect` each).
public enum MockFlavor: String, Sendable, Hashable, Codable, CaseIterable {
    case openai
    case azure
    case anthropic
    case gemini
    case cohere
    case bedrock
}
