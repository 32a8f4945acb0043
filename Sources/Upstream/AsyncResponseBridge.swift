import NIOCore
import Synchronization

/// Turns delegate callbacks into the async `UpstreamResponse`: the head resumes the caller's
/// continuation, body parts feed a `NIOThrowingAsyncSequenceProducer` whose back-pressure
/// answers `.pause`, and `produceMore` / termination map to `resume()` / `cancel()`.
final class AsyncResponseBridge: UpstreamResponseDelegate {
    private struct State {
        var continuation: CheckedContinuation<UpstreamResponse, any Error>?
        var source: UpstreamResponseBody.Producer.Source?
        var transfer: (any UpstreamTransfer)?
        /// Requests that arrived before `attach` handed over the transfer.
        var resumeRequested = false
        var cancelRequested = false
    }

    private let state = Mutex(State())
    private let strategy: NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark

    init(lowWatermark: Int, highWatermark: Int) {
        let low = max(1, lowWatermark)
        strategy = .init(lowWatermark: low, highWatermark: max(low + 1, highWatermark))
    }

    func setContinuation(_ continuation: CheckedContinuation<UpstreamResponse, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    func attach(_ transfer: any UpstreamTransfer) {
        let (cancel, resume) = state.withLock { state in
            state.transfer = transfer
            return (state.cancelRequested, state.resumeRequested)
        }
        if cancel { transfer.cancel() } else if resume { transfer.resume() }
    }

    func cancel() {
        let transfer = state.withLock { state in
            state.cancelRequested = true
            return state.transfer
        }
        transfer?.cancel()
    }

    fileprivate func resume() {
        let transfer = state.withLock { state in
            state.resumeRequested = state.transfer == nil
            return state.transfer
        }
        transfer?.resume()
    }

    // MARK: - UpstreamResponseDelegate

    func upstreamDidReceiveHead(_ head: UpstreamResponseHead) {
        let made = UpstreamResponseBody.Producer.makeSequence(
            elementType: ByteBuffer.self, failureType: (any Error).self, backPressureStrategy: strategy, finishOnDeinit: true,
            delegate: ProducerDelegate(bridge: self))
        let continuation = state.withLock { state in
            state.source = made.source
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: UpstreamResponse(head: head, body: UpstreamResponseBody(producer: made.sequence)))
    }

    func upstreamDidReceiveBodyPart(_ bytes: ByteBuffer) -> UpstreamFlow {
        guard let source = state.withLock({ $0.source }) else { return .proceed }
        switch source.yield(bytes) {
        case .produceMore: return .proceed
        case .stopProducing: return .pause
        // The consumer is gone; `didTerminate` has cancelled the transfer.
        case .dropped: return .proceed
        }
    }

    func upstreamDidFinish(_ timings: UpstreamTimings) {
        let (source, continuation) = takeTerminalState()
        source?.finish()
        continuation?.resume(throwing: UpstreamError(kind: .transport, message: "the transfer ended without a response head"))
    }

    func upstreamDidFail(_ error: UpstreamError, _ timings: UpstreamTimings) {
        let (source, continuation) = takeTerminalState()
        source?.finish(error)
        continuation?.resume(throwing: error)
    }

    private func takeTerminalState() -> (UpstreamResponseBody.Producer.Source?, CheckedContinuation<UpstreamResponse, any Error>?) {
        state.withLock { state in
            defer {
                state.source = nil
                state.continuation = nil
                state.transfer = nil
            }
            return (state.source, state.continuation)
        }
    }

    // MARK: - Producer delegate

    struct ProducerDelegate: NIOAsyncSequenceProducerDelegate {
        let bridge: AsyncResponseBridge

        func produceMore() {
            bridge.resume()
        }

        func didTerminate() {
            bridge.cancel()
        }
    }
}
