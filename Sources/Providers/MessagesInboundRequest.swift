public import SignalboxCore

/// A `POST /v1/messages` body translated into the canonical request.
// https://docs.anthropic.com/en/api/messages
public struct MessagesInboundRequest: Sendable, Hashable {
    /// The request as the client sent it.
    public let wire: AnthropicMessagesRequest
    /// The canonical request (see `AnthropicMessagesRequest.canonical()` for the mapping).
    public var canonical: ChatCompletionRequest
    /// `stream`: answer with Messages server-sent events.
    public var isStreaming: Bool { wire.stream ?? false }

    /// Decodes and translates a request body. Throws `GatewayError.invalidRequest` naming the
    /// parameter (`messages[1].content[0].source`) for a missing `model`, `messages` or
    /// `max_tokens`, a wrong type, or something the canonical format cannot express.
    public static func decode(_ body: [UInt8]) throws(GatewayError) -> MessagesInboundRequest {
        try MessagesInboundRequest(wire: ResponsesInbound.decode(AnthropicMessagesRequest.self, from: body))
    }

    public init(wire: AnthropicMessagesRequest) throws(GatewayError) {
        if wire.messages.isEmpty {
            throw .invalidRequest("'messages' must contain at least one message.", param: "messages")
        }
        if wire.maxTokens < 1 {
            throw .invalidRequest("'max_tokens' must be at least 1.", param: "max_tokens")
        }
        self.wire = wire
        self.canonical = try wire.canonical()
    }
}
