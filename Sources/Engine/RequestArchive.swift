public import SignalboxCore

/// Where requests older than the in-memory ring are found for replay: the request log, when the
/// store is open. The server attaches one to the `ControlPlane` (`replayFromArchive(_:)`).
public protocol RequestArchive: Sendable {
    /// The logged request `id` with its captured bodies, or nil when it was never logged (or trimmed).
    func archivedRequest(_ id: RequestID) async throws -> ArchivedRequest?
}

/// A request as the request log kept it: its metadata and, per `request_log.bodies`, its bodies.
public struct ArchivedRequest: Sendable, Hashable {
    public var id: RequestID
    public var timestampMs: UInt64
    /// `chat.completions`, `embeddings`, … (`Endpoint`'s raw value).
    public var endpoint: String
    public var requestedModel: String
    public var provider: String
    public var model: String
    public var stream: Bool
    public var status: Int
    /// The virtual key that sent it (its id); a replay acts as that key again.
    public var keyID: String?
    public var requestBody: String?
    public var responseBody: String?
    /// How the bodies were captured; only `.full` is the body the client sent. Nil when unknown.
    public var bodyCapture: RequestLogConfig.BodyCapture?
    /// The body's length as received: more than `requestBody` holds when the capture was capped.
    public var requestBodyLength: Int?
    public var errorMessage: String?
    public var providerRequestID: String?

    public init(
        id: RequestID, timestampMs: UInt64, endpoint: String, requestedModel: String, provider: String, model: String, stream: Bool, status: Int,
        keyID: String?, requestBody: String?, responseBody: String?, bodyCapture: RequestLogConfig.BodyCapture?, requestBodyLength: Int?,
        errorMessage: String?, providerRequestID: String?
    ) {
        self.id = id
        self.timestampMs = timestampMs
        self.endpoint = endpoint
        self.requestedModel = requestedModel
        self.provider = provider
        self.model = model
        self.stream = stream
        self.status = status
        self.keyID = keyID
        self.requestBody = requestBody
        self.responseBody = responseBody
        self.bodyCapture = bodyCapture
        self.requestBodyLength = requestBodyLength
        self.errorMessage = errorMessage
        self.providerRequestID = providerRequestID
    }
}
