/// Everything mutable about a running mock, as a plain state machine: methods change the state and
/// return what must happen next (which waiters to resume); the caller does that after releasing the
/// lock. Kept inside a `Mutex` by `MockProviderLedger`.
struct MockProviderState: Sendable {
    /// What `waitFor…` predicates look at.
    struct Observation: Sendable {
        var stats: MockProviderStats
        var hangingRequests: Int
    }

    /// How an admitted `/v1` request must be answered, decided at arrival so that `fail_rate`
    /// decisions follow arrival order and stay reproducible.
    enum Decision: Sendable, Equatable {
        case unauthorized
        case hang
        case fail(status: Int, retryAfter: Int?)
        case proceed
    }

    struct Admission: Sendable {
        /// `n` of `x-request-id: mock-req-<n>`; never reused, not even across `reset()`.
        var requestNumber: Int
        /// The faults in force when the request arrived.
        var faults: MockFaults
        var decision: Decision
    }

    enum StreamOutcome: Sendable {
        case completed, cut, cancelled
    }

    typealias Waiter = (predicate: @Sendable (Observation) -> Bool, continuation: CheckedContinuation<Void, Never>)

    static let recordLimit = 1000

    private(set) var stats = MockProviderStats()
    var faults: MockFaults
    /// Oldest first, at most `recordLimit`.
    private(set) var records: [RecordedRequest] = []
    private(set) var hangingRequests = 0
    /// The server is shutting down: hangs, delays and streams end now.
    private(set) var stopping = false
    private let seed: UInt64
    private var generator: SplitMix64
    private var lastRequestNumber = 0
    private var waiters: [Int: Waiter] = [:]
    /// Waiters for `stopping` only, kept apart so that the many delays of streams in flight are
    /// not re-evaluated on every change.
    private var stopWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
    /// Waiter ids handed out but not registered yet.
    private var unregisteredWaiters: Set<Int> = []
    /// Waiters cancelled before they were registered: registering them must resume at once.
    private var cancelledWaiters: Set<Int> = []
    private var lastWaiterID = 0

    init(faults: MockFaults, seed: UInt64) {
        self.faults = faults
        self.seed = seed
        self.generator = SplitMix64(seed: seed)
    }

    var observation: Observation { Observation(stats: stats, hangingRequests: hangingRequests) }

    // MARK: Requests

    mutating func admit(
        _ endpoint: MockEndpoint, record: RecordedRequest, authorized: Bool
    ) -> (Admission, [CheckedContinuation<Void, Never>]) {
        lastRequestNumber += 1
        records.append(record)
        if records.count > Self.recordLimit { records.removeFirst(records.count - Self.recordLimit) }
        stats.requests += 1
        switch endpoint {
        case .chatCompletions: stats.chatRequests += 1
        case .embeddings: stats.embeddingRequests += 1
        case .models: stats.modelsRequests += 1
        case .methodNotAllowed, .unknown: break
        }
        let decision: Decision
        if !authorized {
            decision = .unauthorized
        } else if endpoint.takesFaults {
            // One draw per authorized request here, used or not, so the k-th one's fate depends only on seed and k.
            let draw = generator.nextUnitInterval()
            // `fail_first`: the faults cover a limited number of requests, counted down here.
            let active = faults.failFirst.map { $0 > 0 } ?? true
            if active, let left = faults.failFirst { faults.failFirst = left - 1 }
            if !active {
                decision = .proceed
            } else if faults.hang {
                decision = .hang
            } else if let status = faults.status {
                decision = .fail(status: status, retryAfter: faults.retryAfter)
            } else if draw < faults.failRate {
                decision = .fail(status: 500, retryAfter: faults.retryAfter)
            } else {
                decision = .proceed
            }
            if case .fail = decision { stats.failuresInjected += 1 }
        } else {
            decision = .proceed
        }
        let admission = Admission(requestNumber: lastRequestNumber, faults: faults, decision: decision)
        return (admission, satisfiedWaiters())
    }

    mutating func streamStarted() -> [CheckedContinuation<Void, Never>] {
        stats.streamsStarted += 1
        stats.activeStreams += 1
        return satisfiedWaiters()
    }

    mutating func streamEnded(_ outcome: StreamOutcome) -> [CheckedContinuation<Void, Never>] {
        stats.activeStreams -= 1
        switch outcome {
        case .completed: stats.streamsCompleted += 1
        case .cut: stats.streamsCut += 1
        case .cancelled: stats.streamsCancelled += 1
        }
        return satisfiedWaiters()
    }

    mutating func hangBegan() -> [CheckedContinuation<Void, Never>] {
        hangingRequests += 1
        return satisfiedWaiters()
    }

    mutating func hangEnded() -> [CheckedContinuation<Void, Never>] {
        hangingRequests -= 1
        return satisfiedWaiters()
    }

    mutating func beginStopping() -> [CheckedContinuation<Void, Never>] {
        stopping = true
        defer { stopWaiters.removeAll() }
        return Array(stopWaiters.values)
    }

    /// Clears records and counters and restarts the `fail_rate` sequence from the seed. Streams and
    /// hangs in progress stay counted as active so the gauges remain truthful.
    mutating func reset() -> [CheckedContinuation<Void, Never>] {
        records.removeAll()
        let active = stats.activeStreams
        stats = MockProviderStats()
        stats.activeStreams = active
        generator = SplitMix64(seed: seed)
        return satisfiedWaiters()
    }

    // MARK: Waiters

    mutating func makeWaiterID() -> Int {
        lastWaiterID += 1
        unregisteredWaiters.insert(lastWaiterID)
        return lastWaiterID
    }

    /// Registers a waiter, or hands its continuation back when it must resume at once (predicate
    /// already true, or cancelled before registration). A nil predicate waits for `stopping`.
    mutating func addWaiter(
        id: Int, predicate: (@Sendable (Observation) -> Bool)?, continuation: CheckedContinuation<Void, Never>
    ) -> CheckedContinuation<Void, Never>? {
        if cancelledWaiters.remove(id) != nil { return continuation }
        unregisteredWaiters.remove(id)
        guard let predicate else {
            if stopping { return continuation }
            stopWaiters[id] = continuation
            return nil
        }
        if predicate(observation) { return continuation }
        waiters[id] = (predicate, continuation)
        return nil
    }

    /// Cancels a waiter: hands back its continuation when registered, or remembers the cancellation
    /// when it is not registered yet. A waiter already resumed is left alone.
    mutating func cancelWaiter(id: Int) -> CheckedContinuation<Void, Never>? {
        if let waiter = waiters.removeValue(forKey: id) { return waiter.continuation }
        if let continuation = stopWaiters.removeValue(forKey: id) { return continuation }
        if unregisteredWaiters.remove(id) != nil { cancelledWaiters.insert(id) }
        return nil
    }

    private mutating func satisfiedWaiters() -> [CheckedContinuation<Void, Never>] {
        guard !waiters.isEmpty else { return [] }
        let now = observation
        var ready: [CheckedContinuation<Void, Never>] = []
        for (id, waiter) in waiters where waiter.predicate(now) {
            ready.append(waiter.continuation)
            waiters[id] = nil
        }
        return ready
    }
}
