import NIOCore
import SignalboxCore

/// What an exchange sent back, handed to the recorder when it finishes.
struct RecordedResponse: Sendable {
    var headers: [HTTPField]
    /// At most the recorder's cap of the body (streams: the relayed SSE text).
    var body: ByteBuffer
    /// The full length of what was sent.
    var bodyLength: Int
    var attempts: [AttemptRecord]
}
