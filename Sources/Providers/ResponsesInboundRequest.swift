public import SignalboxCore

/// A `POST /v1/responses` body translated into the canonical request, with what the Response
/// object echoes back and what the gateway must resolve itself (`previous_response_id`).
public struct ResponsesInboundRequest: Sendable, Hashable {
    /// The wire request as the client sent it (echoed fields are read from it).
    public let wire: ResponsesWire.CreateRequest
    /// The canonical request: the instructions as a leading system message, then `conversation`.
    /// The gateway may change its `model`; `withHistory` keeps every field but the messages.
    public var canonical: ChatCompletionRequest
    /// The conversation without the instructions: a stored history (see `withHistory`) followed
    /// by this request's input. Instructions are not carried over to later responses.
    public private(set) var conversation: [ChatMessage]

    /// `previous_response_id`: the gateway looks up the stored conversation and calls `withHistory`.
    public var previousResponseID: String? { wire.previousResponseID }
    /// `store` (default true): whether the gateway should keep the conversation for later turns.
    public var store: Bool { wire.store ?? true }
    public var metadata: [String: JSONValue] { wire.metadata ?? [:] }
    public var user: String? { wire.user }
    public var isStreaming: Bool { wire.stream ?? false }

    /// Decodes and translates a request body. Throws `GatewayError.invalidRequest` naming the
    /// parameter (`input[2].type`) when the body is invalid or asks for something that cannot be
    /// routed through the canonical format (built-in tools, `background`, `conversation`).
    public static func decode(_ body: [UInt8]) throws(GatewayError) -> ResponsesInboundRequest {
        try ResponsesInboundRequest(wire: ResponsesInbound.decode(ResponsesWire.CreateRequest.self, from: body))
    }

    public init(wire: ResponsesWire.CreateRequest) throws(GatewayError) {
        self.wire = wire
        self.conversation = try ResponsesInbound.messages(from: wire)
        self.canonical = try ResponsesInbound.canonicalRequest(from: wire, messages: [])
        canonical.messages = Self.instructionMessages(wire) + conversation
    }

    /// This request continued from a stored conversation (the canonical messages of the response
    /// named by `previous_response_id`, as `ResponsesInbound.Answer.conversation` returned them).
    public func withHistory(_ history: [ChatMessage]) -> ResponsesInboundRequest {
        var copy = self
        copy.conversation = history + conversation
        copy.canonical.messages = Self.instructionMessages(wire) + copy.conversation
        return copy
    }

    private static func instructionMessages(_ wire: ResponsesWire.CreateRequest) -> [ChatMessage] {
        guard let instructions = wire.instructions, !instructions.isEmpty else { return [] }
        return [ChatMessage(role: .system, content: .text(instructions))]
    }
}
