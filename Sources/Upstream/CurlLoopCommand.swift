import SignalboxCore

/// Work handed from any thread to the upstream loop thread through the inbox.
enum CurlLoopCommand: Sendable {
    /// A new transfer from `execute`.
    case start(CurlTransferRequest)
    /// `UpstreamTransfer.cancel()`.
    case cancel(UInt64)
    /// `UpstreamTransfer.resume()`.
    case resume(UInt64)
}

/// Everything the loop thread needs to start a transfer.
struct CurlTransferRequest: Sendable {
    let handle: CurlTransfer
    let request: OutboundRequest
    let delegate: any UpstreamResponseDelegate
    /// `MonotonicClock` time of `execute`.
    let enqueuedAt: UInt64

    var id: UInt64 { handle.id }
}
