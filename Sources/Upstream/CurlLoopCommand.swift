/// Work handed from any thread to the upstream loop thread through the inbox.
enum CurlLoopCommand: Sendable {
    /// A new transfer from `execute`.
    case start(CurlTransferRequest)
    /// `UpstreamTransfer.cancel()`.
    case cancel(UInt64)
    /// `UpstreamTransfer.resume()`.
    case resume(UInt64)
}
