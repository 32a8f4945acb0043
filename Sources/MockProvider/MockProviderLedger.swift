import Synchronization

/// The mock's shared mutable state: a `MockProviderState` behind a `Mutex`, shared by the server's
/// public API and the request handlers. Waiters are resumed after the lock is released.
final class MockProviderLedger: Sendable {
    private let state: Mutex<MockProviderState>

    init(faults: MockFaults, seed: UInt64) {
        self.state = Mutex(MockProviderState(faults: faults, seed: seed))
    }

    var faults: MockFaults {
        get { state.withLock { $0.faults } }
        set { state.withLock { $0.faults = newValue } }
    }

    /// Applies `change` to the faults atomically and returns the result.
    func updateFaults<E: Error>(_ change: (MockFaults) throws(E) -> MockFaults) throws(E) -> MockFaults {
        try state.withLock { (state) throws(E) -> MockFaults in
            state.faults = try change(state.faults)
            return state.faults
        }
    }

    var stats: MockProviderStats { state.withLock { $0.stats } }
    var records: [RecordedRequest] { state.withLock { $0.records } }
    var hangingRequests: Int { state.withLock { $0.hangingRequests } }
    var observation: MockProviderState.Observation { state.withLock { $0.observation } }

    func admit(_ endpoint: MockEndpoint, record: RecordedRequest, authorized: Bool) -> MockProviderState.Admission {
        let (admission, ready) = state.withLock { $0.admit(endpoint, record: record, authorized: authorized) }
        Self.resume(ready)
        return admission
    }

    func streamStarted() { Self.resume(state.withLock { $0.streamStarted() }) }
    func streamEnded(_ outcome: MockProviderState.StreamOutcome) { Self.resume(state.withLock { $0.streamEnded(outcome) }) }
    func hangBegan() { Self.resume(state.withLock { $0.hangBegan() }) }
    func hangEnded() { Self.resume(state.withLock { $0.hangEnded() }) }
    func reset() { Self.resume(state.withLock { $0.reset() }) }
    func beginStopping() { Self.resume(state.withLock { $0.beginStopping() }) }

    /// Sleeps for `duration`, but throws `CancellationError` as soon as the server starts stopping
    /// or the task is cancelled, so that delays never hold up a shutdown.
    func sleep(for duration: Duration) async throws {
        let stopped = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await Task.sleep(for: duration)
                return false
            }
            group.addTask {
                await self.waitUntilStopping()
                return true
            }
            let stopped = try await group.next() ?? true
            group.cancelAll()
            return stopped
        }
        if stopped { throw CancellationError() }
    }

    /// Returns when `predicate` holds, checked now and after every change; returns early when the
    /// task is cancelled. The predicate runs under the lock: it must be quick and must not call back
    /// into the mock.
    func wait(until predicate: @escaping @Sendable (MockProviderState.Observation) -> Bool) async {
        await wait(for: predicate)
    }

    /// Returns when the server starts stopping (or the task is cancelled).
    func waitUntilStopping() async {
        await wait(for: nil)
    }

    /// A nil predicate waits for `stopping`.
    private func wait(for predicate: (@Sendable (MockProviderState.Observation) -> Bool)?) async {
        let id = state.withLock { $0.makeWaiterID() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let immediate = state.withLock { $0.addWaiter(id: id, predicate: predicate, continuation: continuation) }
                immediate?.resume()
            }
        } onCancel: {
            state.withLock { $0.cancelWaiter(id: id) }?.resume()
        }
    }

    /// Like `wait(until:)`, but throws `MockProviderError.timedOut` when `timeout` passes first.
    func wait(
        until predicate: @escaping @Sendable (MockProviderState.Observation) -> Bool, timeout: Duration
    ) async throws {
        let satisfied = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.wait(until: predicate)
                return true
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
        try Task.checkCancellation()
        let now = observation
        guard satisfied || predicate(now) else {
            throw MockProviderError.timedOut(after: timeout, state: "\(now.stats), hanging_requests=\(now.hangingRequests)")
        }
    }

    private static func resume(_ continuations: [CheckedContinuation<Void, Never>]) {
        for continuation in continuations { continuation.resume() }
    }
}
