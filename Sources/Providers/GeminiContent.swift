/// One turn of a Gemini conversation: `role` is "user" or "model" (left out in `systemInstruction`).
/// https://ai.google.dev/api/caching#Content
public struct GeminiContent: Sendable, Hashable, Codable {
    public var role: String?
    public var parts: [GeminiPart]

    public init(role: String?, parts: [GeminiPart]) {
        self.role = role
        self.parts = parts
    }

    enum CodingKeys: String, CodingKey { case role, parts }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.role = try c.decodeIfPresent(String.self, forKey: .role)
        // A candidate stopped by a safety filter may carry `"content": {}` with no parts.
        self.parts = try c.decodeIfPresent([GeminiPart].self, forKey: .parts) ?? []
    }
}
