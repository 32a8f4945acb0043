public import NIOCore
public import SignalboxCore

/// The bodies of a finished request as the recorder kept them (each cut at
/// `control.recent_body_bytes`), for the request log.
public struct FinishedBodies: Sendable {
    public var request: ByteBuffer
    /// The full length of the request body (more than `request` holds when it was cut).
    public var requestLength: Int
    public var response: ByteBuffer
    public var responseLength: Int
    /// Set when the request was an operator's replay of another one.
    public var replayOf: RequestID?
}
