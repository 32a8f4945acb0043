import SignalboxCore

/// Everything the loop thread needs to start a transfer.
struct CurlTransferRequest: Sendable {
    let handle: CurlTransfer
    let request: OutboundRequest
    let delegate: any UpstreamResponseDelegate
    /// `MonotonicClock` time of `execute`.
    let enqueuedAt: UInt64

    var id: UInt64 { handle.id }
}
