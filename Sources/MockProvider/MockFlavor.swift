/// The API dialect a mock provider speaks. Only OpenAI's for now; Anthropic and Gemini come later.
public enum MockFlavor: String, Sendable, Hashable, Codable, CaseIterable {
    case openai
}
