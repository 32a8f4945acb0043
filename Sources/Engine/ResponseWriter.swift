public import NIOCore
public import SignalboxCore

/// The server's side of one exchange. The engine calls it only on the event loop the request
/// arrived on, so implementations need no locking.
public protocol ResponseWriter: AnyObject {
    /// Writes a complete response (head and body) and ends it.
    func writeResponse(status: Int, headers: [HTTPField], body: ByteBuffer)
    /// Starts a streamed (`text/event-stream`) response.
    func writeStreamHead(status: Int, headers: [HTTPField])
    /// Writes and flushes part of a streamed body. Returns false when the client is not keeping
    /// up; the engine then pauses the provider until `ExchangeHandle.clientBecameWritable()`.
    func writeStreamPart(_ part: ByteBuffer) -> Bool
    /// Ends a streamed response.
    func endStream()
}

/// What the server tells a running exchange about its client. Called on the exchange's event loop.
public protocol ExchangeHandle: AnyObject, Sendable {
    /// The client closed the connection: stop work and cancel the upstream transfer.
    func clientDidDisconnect()
    /// The connection can take more bytes again.
    func clientBecameWritable()
}
