public import Logging
public import SignalboxCore

/// `UpstreamClient` on libcurl's multi interface: one thread per client drives every transfer
/// with epoll and `curl_multi_socket_action`.
///
/// Delegate calls come from that thread (named `sb-upstream`), in order, and must return quickly.
/// A delegate may call `execute`, `cancel` and `resume` from inside its callbacks; they only
/// queue work for the thread.
public final class CurlUpstreamClient: UpstreamClient {
    private let loop: CurlLoop

    /// - Parameter maxHostConnections: cap on concurrent connections per host (all requests of
    ///   this client share it; `OutboundRequest.maxConnectionsPerHost` is not applied per request).
    public init(maxHostConnections: Int = 64, logger: Logger) {
        loop = CurlLoop(maxHostConnections: maxHostConnections, logger: logger)
        loop.start()
    }

    deinit {
        loop.shutdown()
    }

    public func execute(_ request: OutboundRequest, delegate: any UpstreamResponseDelegate) -> any UpstreamTransfer {
        loop.execute(request, delegate: delegate)
    }

    /// Cancels everything in flight (each delegate gets `.cancelled`) and waits for the thread to
    /// exit. Idempotent. Transfers started afterwards fail at once, with `.cancelled`, on the
    /// calling thread. Called from a delegate callback it cannot wait for its own thread and
    /// returns right after asking it to stop.
    public func shutdown() {
        loop.shutdown()
    }
}
