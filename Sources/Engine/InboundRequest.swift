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

    public init(method: String, path: String, headers: [HTTPField], body: ByteBuffer, receivedAt: UInt64, replayOf: RequestID? = nil) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
        self.replayOf = replayOf
    }
}
