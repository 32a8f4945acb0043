public import NIOCore
public import SignalboxCore

/// Executes provider requests. The engine hands a request over with a delegate and gets a handle
/// back; the response arrives through the delegate.
public protocol UpstreamClient: Sendable {
    /// Starts a transfer. Never blocks: the request is queued for the upstream thread.
    func execute(_ request: OutboundRequest, delegate: any UpstreamResponseDelegate) -> any UpstreamTransfer
}

/// A transfer in flight.
public protocol UpstreamTransfer: Sendable {
    /// Aborts the transfer (the client went away, or shutdown). The delegate then receives
    /// `upstreamDidFail` with `UpstreamError.cancelled` unless the transfer already ended.
    func cancel()
    /// Resumes delivery after the delegate answered `.pause`.
    func resume()
}

/// What the delegate wants after a body part.
public enum UpstreamFlow: Sendable {
    case proceed
    /// Stop delivering body parts until `UpstreamTransfer.resume()` (the client is slow).
    case pause
}

/// Receives a transfer's response. All calls come from the upstream thread, in order, and exactly
/// one of `upstreamDidFinish` / `upstreamDidFail` ends the sequence. Implementations must return
/// quickly: hop to their own executor for real work.
public protocol UpstreamResponseDelegate: AnyObject, Sendable {
    func upstreamDidReceiveHead(_ head: UpstreamResponseHead)
    func upstreamDidReceiveBodyPart(_ bytes: ByteBuffer) -> UpstreamFlow
    func upstreamDidFinish(_ timings: UpstreamTimings)
    func upstreamDidFail(_ error: UpstreamError, _ timings: UpstreamTimings)
}

/// Status line and headers of a provider response (the final one, after any 1xx).
public struct UpstreamResponseHead: Sendable, Hashable {
    public var status: Int
    public var headers: [HTTPField]
    /// `1.1` or `2`.
    public var httpVersion: String

    public init(status: Int, headers: [HTTPField], httpVersion: String) {
        self.status = status
        self.headers = headers
        self.httpVersion = httpVersion
    }
}

/// Timings of one transfer in nanoseconds, taken from libcurl's own counters where possible.
public struct UpstreamTimings: Sendable, Hashable {
    /// From `execute` until the upstream thread started the transfer.
    public var queued: UInt64 = 0
    /// Name lookup + TCP connect + TLS handshake (0 on a reused connection).
    public var connect: UInt64 = 0
    /// From transfer start until the first response byte.
    public var firstByte: UInt64 = 0
    /// From the first response byte until the transfer ended.
    public var transfer: UInt64 = 0
    /// Whether an existing connection was reused.
    public var reusedConnection: Bool = false

    public init() {}
}

/// Why a transfer failed before a complete response arrived.
public struct UpstreamError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// Could not resolve or connect to the host.
        case connect
        /// Connect timeout.
        case connectTimeout
        /// No first byte within `first_byte_ms`.
        case firstByteTimeout
        /// No data for `idle_ms` in the middle of a response.
        case idleTimeout
        /// The whole transfer exceeded `total_ms`.
        case totalTimeout
        /// TLS failure.
        case tls
        /// The connection broke or the response was malformed.
        case transport
        /// Cancelled by the gateway (client gone, shutdown).
        case cancelled
    }

    public var kind: Kind
    /// libcurl's explanation, without any header values.
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var isTimeout: Bool {
        switch kind {
        case .connectTimeout, .firstByteTimeout, .idleTimeout, .totalTimeout: true
        default: false
        }
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
