import Glibc
import NIOCore
import SignalboxCore
import Upstream

/// Records every callback of one transfer and checks the delegate contract as it goes.
final class RecordingDelegate: UpstreamResponseDelegate {
    struct State: Sendable {
        var heads: [UpstreamResponseHead] = []
        var body: [UInt8] = []
        var parts = 0
        var finished: [UpstreamTimings] = []
        var failures: [UpstreamError] = []
        /// Callbacks that broke the contract (body before head, anything after the end, a part
        /// delivered while paused).
        var violations: [String] = []
        /// The delegate answered `.pause` and the test has not resumed yet.
        var paused = false
        var pauseCount = 0
        /// `pthread_self()` of every callback.
        var threads: Set<UInt> = []

        var terminalCount: Int { finished.count + failures.count }
        var isTerminated: Bool { terminalCount > 0 }
        var bodyString: String { String(decoding: body, as: UTF8.self) }
    }

    let state = ObservedState(State())
    /// Decides the flow after part `index` (0-based).
    private let flow: @Sendable (Int) -> UpstreamFlow

    init(flow: @escaping @Sendable (Int) -> UpstreamFlow = { _ in .proceed }) {
        self.flow = flow
    }

    func upstreamDidReceiveHead(_ head: UpstreamResponseHead) {
        state.update { state in
            state.threads.insert(UInt(pthread_self()))
            if state.isTerminated { state.violations.append("head after end") }
            if !state.heads.isEmpty { state.violations.append("second head") }
            state.heads.append(head)
        }
    }

    func upstreamDidReceiveBodyPart(_ bytes: ByteBuffer) -> UpstreamFlow {
        state.update { state in
            state.threads.insert(UInt(pthread_self()))
            if state.heads.isEmpty { state.violations.append("body before head") }
            if state.isTerminated { state.violations.append("body after end") }
            if state.paused { state.violations.append("body while paused") }
            state.body.append(contentsOf: bytes.readableBytesView)
            let decision = flow(state.parts)
            state.parts += 1
            if decision == .pause {
                state.paused = true
                state.pauseCount += 1
            }
            return decision
        }
    }

    func upstreamDidFinish(_ timings: UpstreamTimings) {
        state.update { state in
            state.threads.insert(UInt(pthread_self()))
            if state.isTerminated { state.violations.append("finish after end") }
            if state.heads.isEmpty { state.violations.append("finish without head") }
            state.finished.append(timings)
        }
    }

    func upstreamDidFail(_ error: UpstreamError, _ timings: UpstreamTimings) {
        state.update { state in
            state.threads.insert(UInt(pthread_self()))
            if state.isTerminated { state.violations.append("failure after end") }
            state.failures.append(error)
        }
    }

    @discardableResult
    func waitForEnd() async -> State {
        await state.wait { $0.isTerminated }
    }

    /// Clears the paused mark; call right before `UpstreamTransfer.resume()`.
    func markResumed() {
        state.update { $0.paused = false }
    }
}
