public import NIOCore
public import SignalboxCore

/// A fully received client request, as the server hands it to the engine.
public struct InboundRequest: Sendable {
    public var method: String
    /// Path without the query string.
    public var path: String
    public var headers: [HTTPField]
    public var body: ByteBuffer
    /// Monotonic time (ns) at which the last byte of the request arrived.
    public var receivedAt: UInt64
    /// Set when an operator replays a recorded request: the request being repeated.
    public var replayOf: RequestID?
    /// Set only by the control plane when it replays a request from the request log, which never
    /// keeps a key's secret: the request acts as this virtual key (which must still be valid)
    /// instead of presenting one. Never set from the network.
    public var actingKeyID: String?
    /// Set only by the engine for its own calls (the semantic cache embedding a question): no
    /// virtual key is asked for; shared limits and budgets still apply. Never set from the network.
    var isInternal = false

    public init(method: String, path: String, headers: [HTTPField], body: ByteBuffer, receivedAt: UInt64, replayOf: RequestID? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
        self.replayOf = replayOf
    }
}
