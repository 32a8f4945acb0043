import HTTPTypes
import Hummingbird
import NIOCore
import SignalboxCore

/// One provider family's API as the mock speaks it: which paths are its endpoints, how a client
/// presents the key, and how requests, answers and errors are shaped. The mock's pipeline
/// (record, count, faults, reply logic) is shared by every dialect; a dialect only translates
/// between its wire format and the canonical types the reply logic works on.
protocol MockDialect: Sendable {
    /// Resolves method and path (without the query) to an endpoint of this API.
    func endpoint(method: String, path: String) -> MockEndpoint

    /// Whether the request presents `apiKey` the way this API expects (bearer, `x-api-key`, …).
    func isAuthorized(_ request: Request, apiKey: String) -> Bool

    /// An error body in this API's shape for `error.status`; the status line and `Retry-After`
    /// are set by the caller. Injected faults arrive as `rate_limit_error` (429) or
    /// `server_error` (5xx) with code `mock_injected_failure` or the configured `error_code`.
    func errorBody(_ error: MockError) -> ByteBuffer

    /// Reads a chat request of this API into the canonical request the reply logic understands.
    /// `endpoint` is what `endpoint(method:path:)` returned (it may carry the model and whether
    /// the answer streams). Throws a `GatewayError` (400) for requests the API would reject.
    func canonicalChat(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> ChatCompletionRequest

    /// The non-streamed answer, as this API sends it.
    func chatResponse(_ reply: MockChatReply, id: String, model: String) -> ByteBuffer

    /// The streamed answer, as this API sends it (`pieces`: how many content or argument pieces
    /// the reply is split into; `includeUsage`: the client asked for usage where that is optional).
    func chatStream(_ reply: MockChatReply, id: String, model: String, pieces: Int, includeUsage: Bool) -> MockStream

    /// Reads an embeddings request of this API (nil: the API has none; the mock answers 404).
    func canonicalEmbeddings(_ body: ByteBuffer, endpoint: MockEndpoint) throws -> EmbeddingRequest?

    /// The embeddings answer in this API's shape.
    func embeddingsResponse(_ vectors: [[Double]], model: String, promptTokens: Int) -> ByteBuffer

    /// The model list in this API's shape.
    func modelsResponse(ids: [String]) -> ByteBuffer

    /// The header that carries the provider's request id (`x-request-id`, Anthropic's `request-id`, …).
    var requestIDHeader: String { get }
}

extension MockDialect {
    var requestIDHeader: String { "x-request-id" }
}

/// A streamed answer: the events in order, ready to write. `cut_after` counts content events:
/// the stream is cut before event `firstContentEvent + cutAfter`.
struct MockStream: Sendable {
    var contentType: String
    var events: [ByteBuffer]
    /// Index of the first event carrying content (or tool-call arguments).
    var firstContentEvent: Int
    /// How many consecutive events from `firstContentEvent` carry content.
    var contentEvents: Int

    init(contentType: String = "text/event-stream", events: [ByteBuffer], firstContentEvent: Int, contentEvents: Int) {
        self.contentType = contentType
        self.events = events
        self.firstContentEvent = firstContentEvent
        self.contentEvents = contentEvents
    }

    /// One SSE event: an optional `event:` line and one `data:` line.
    static func sse(event: String? = nil, data: ByteBuffer) -> ByteBuffer {
        var buffer = ByteBuffer()
        if let event { buffer.writeString("event: \(event)\n") }
        buffer.writeString("data: ")
        buffer.writeImmutableBuffer(data)
        buffer.writeString("\n\n")
        return buffer
    }
}

extension MockFlavor {
    var dialect: any MockDialect {
        switch self {
        case .openai: OpenAIMockDialect()
        case .azure: AzureMockDialect()
        case .anthropic: AnthropicMockDialect()
        case .gemini: GeminiMockDialect()
        case .cohere: CohereMockDialect()
        case .bedrock: BedrockMockDialect()
        }
    }
}

/// An error the mock answers with, before it is shaped by the dialect.
struct MockError: Sendable {
    var status: Int
    var message: String
    /// OpenAI's error type (`invalid_request_error`, `authentication_error`, `rate_limit_error`, `server_error`, …).
    var type: String
    var code: String?
    var param: String?

    init(status: Int, message: String, type: String, code: String? = nil, param: String? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.code = code
        self.param = param
    }

    init(_ error: GatewayError) {
        self.init(status: error.status, message: error.message, type: error.type, code: error.codeName, param: error.param)
    }
}
