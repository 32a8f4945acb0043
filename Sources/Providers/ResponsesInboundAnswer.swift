public import SignalboxCore

/// A canonical answer translated for a Responses client.
public struct ResponsesInboundAnswer: Sendable, Hashable {
    /// The Response object.
    public var response: ResponsesWire.Response
    /// The JSON body to send.
    public var body: [UInt8]
    /// The conversation so far (history, this input, and the answer), without the instructions:
    /// what the gateway stores under `response.id` for a later `previous_response_id`.
    public var conversation: [ChatMessage]

    public init(response: ResponsesWire.Response, body: [UInt8], conversation: [ChatMessage]) {
        self.response = response
        self.body = body
        self.conversation = conversation
    }
}
