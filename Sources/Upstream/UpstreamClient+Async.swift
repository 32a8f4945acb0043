public import SignalboxCore

extension UpstreamClient {
    /// Runs `request` and returns once the response head arrived; the body streams afterwards.
    /// Cancelling the task cancels the transfer. Throws `UpstreamError`.
    ///
    /// - Parameters:
    ///   - lowWatermark: resume the transfer when fewer body parts than this are buffered.
    ///   - highWatermark: pause the transfer when this many body parts are buffered.
    public func execute(_ request: OutboundRequest, lowWatermark: Int = 2, highWatermark: Int = 8) async throws -> UpstreamResponse {
        let bridge = AsyncResponseBridge(lowWatermark: lowWatermark, highWatermark: highWatermark)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                bridge.setContinuation(continuation)
                bridge.attach(self.execute(request, delegate: bridge))
            }
        } onCancel: {
            bridge.cancel()
        }
    }
}
