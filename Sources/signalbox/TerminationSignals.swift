import Dispatch
import Foundation
import Synchronization

/// SIGINT/SIGTERM/SIGHUP handling for the long-running commands. SIGHUP (the operator's ssh
/// session dropped) drains like SIGTERM instead of killing in-flight requests. Handlers are installed on creation,
/// before the process announces that it is ready, so a signal that arrives early is not lost.
/// Dispatch runs them on a queue, not in signal context, so resuming a continuation is safe.
final class TerminationSignals: Sendable {
    private enum State {
        case waiting(CheckedContinuation<Int32, Never>?)
        case received(Int32)
    }

    private let state = Mutex(State.waiting(nil))
    /// Held only to keep the sources alive; written once in `init` and never read.
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    init() {
        let queue = DispatchQueue(label: "signalbox.signals")
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [weak self] in self?.deliver(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    /// Returns the first termination signal, at once if it already arrived.
    func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let received: Int32? = state.withLock { state in
                switch state {
                case .received(let signalNumber): return signalNumber
                case .waiting: state = .waiting(continuation); return nil
                }
            }
            if let received { continuation.resume(returning: received) }
        }
    }

    private func deliver(_ signalNumber: Int32) {
        let continuation: CheckedContinuation<Int32, Never>? = state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .received(signalNumber)
            return continuation
        }
        // A second Ctrl-C during the drain stops the process at once. A repeated SIGTERM does
        // not: supervisors resend it, and they escalate to SIGKILL on their own schedule.
        signal(SIGINT, SIG_DFL)
        continuation?.resume(returning: signalNumber)
    }
}
