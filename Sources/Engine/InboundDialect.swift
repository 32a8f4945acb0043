import Providers
import NIOCore
import SignalboxCore

/// An inbound API other than Chat Completions (`/v1/messages`, `/v1/responses`), answered
/// through the canonical chat pipeline: `DialectResponseWriter` hands each canonical answer,
/// chunk and error to the dialect, which renders it in its own shape. Used on one event loop.
protocol InboundDialect: AnyObject {
    /// A 2xx answer.
    func answer(_ completion: ChatCompletionResponse) -> [UInt8]
    /// An error response's body (the status stays the engine's).
    func errorBody(_ error: GatewayError) -> [UInt8]
    /// The events one canonical chunk completes.
    func encode(_ chunk: ChatCompletionChunk) -> [UInt8]
    /// The stream ended (`[DONE]` or the end of the body): whatever closes it.
    func finish() -> [UInt8]
    /// The stream ends with an error.
    func streamError(_ error: GatewayError) -> [UInt8]
}

/// Anthropic's Messages API. Reference: https://docs.anthropic.com/en/api/messages
final class MessagesDialect: InboundDialect {
    private let messageID = MessagesInbound.newMessageID()
    private var encoder: MessagesStreamEncoder?
    /// The model the client asked for, named in `message_start` until the provider's arrives.
    var requestedModel = ""

    func answer(_ completion: ChatCompletionResponse) -> [UInt8] {
        MessagesInbound.messageBody(from: completion, messageID: messageID)
    }

    func errorBody(_ error: GatewayError) -> [UInt8] { MessagesInbound.errorJSON(error) }

    func encode(_ chunk: ChatCompletionChunk) -> [UInt8] {
        if encoder == nil { encoder = MessagesStreamEncoder(messageID: messageID, model: requestedModel) }
        return encoder!.encode(chunk)
    }

    func finish() -> [UInt8] {
        if encoder == nil { encoder = MessagesStreamEncoder(messageID: messageID, model: requestedModel) }
        return encoder!.finish()
    }

    func streamError(_ error: GatewayError) -> [UInt8] {
        if encoder == nil { encoder = MessagesStreamEncoder(messageID: messageID, model: requestedModel) }
        return encoder!.error(error)
    }
}

/// OpenAI's Responses API. Answers are stored (unless `store: false`) so a later request can
/// continue with `previous_response_id`. Reference: https://platform.openai.com/docs/api-reference/responses
final class ResponsesDialect: InboundDialect {
    let responseID = ResponsesInbound.newResponseID()
    private let createdAt = Int(MonotonicClock.wallMilliseconds() / 1_000)
    private let conversations: ConversationStore
    private var encoder: ResponsesStreamEncoder?
    /// Set once the body is decoded (before anything is written, except errors).
    var request: ResponsesInboundRequest?

    init(conversations: ConversationStore) {
        self.conversations = conversations
    }

    func answer(_ completion: ChatCompletionResponse) -> [UInt8] {
        guard let request else { return [] }
        let answer = ResponsesInbound.answer(completion, for: request, responseID: responseID, createdAt: createdAt)
        if request.store { conversations.store(answer.conversation, for: responseID) }
        return answer.body
    }

    /// The Responses API reports errors in OpenAI's shape.
    func errorBody(_ error: GatewayError) -> [UInt8] { Array(ErrorResponse.body(for: error).readableBytesView) }

    func encode(_ chunk: ChatCompletionChunk) -> [UInt8] {
        guard let request else { return [] }
        if encoder == nil { encoder = ResponsesStreamEncoder(request: request, responseID: responseID, createdAt: createdAt) }
        return encoder!.encode(chunk)
    }

    func finish() -> [UInt8] {
        guard var encoder, let request else { return [] }
        let bytes = encoder.finish()
        self.encoder = encoder
        if request.store { conversations.store(encoder.conversation, for: responseID) }
        return bytes
    }

    func streamError(_ error: GatewayError) -> [UInt8] {
        guard let request else { return [] }
        if encoder == nil { encoder = ResponsesStreamEncoder(request: request, responseID: responseID, createdAt: createdAt) }
        return encoder!.error(error)
    }
}
