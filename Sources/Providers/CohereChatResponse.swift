/// The body of a non-streamed `POST /v2/chat` answer.
// https://docs.cohere.com/reference/chat
public struct CohereChatResponse: Sendable, Hashable, Codable {
    public var id: String
    public var finishReason: String?
    public var message: CohereMessage
    public var usage: CohereUsage?

    enum CodingKeys: String, CodingKey {
        case id, message, usage
        case finishReason = "finish_reason"
    }

    public init(id: String, finishReason: String?, message: CohereMessage, usage: CohereUsage?) {
        self.id = id
        self.finishReason = finishReason
        self.message = message
        self.usage = usage
    }
}
