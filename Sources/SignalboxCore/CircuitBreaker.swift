/// The circuit breaker of one provider × model (or one key): a pure state machine in the style of
/// NIO's `Type+StateMachine` — methods take the time and return what happened; the engine holds
/// it under a lock and publishes the transitions it returns.
///
/// closed → open when, over the last `window`, at least `minRequests` outcomes were seen and the
/// failure share reached `failureRatio`; open → half-open once `cooldown` has passed (on the next
/// request); half-open lets `halfOpenProbes` requests through: one success closes it, one failure
/// opens it again for another cooldown.
public struct CircuitBreaker: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case closed
        /// Requests are refused until this monotonic time (ns).
        case open(until: UInt64)
        /// Probing: `inFlight` probes are out.
        case halfOpen(inFlight: Int)

        public var name: String {
            switch self {
            case .closed: "closed"
            case .open: "open"
            case .halfOpen: "half-open"
            }
        }
    }

    /// What to do with a request.
    public enum Admission: Sendable, Hashable {
        case allow
        /// Allowed as a half-open probe: report its outcome like any other.
        case probe
        /// Refused; the breaker is open for this many more nanoseconds.
        case reject(retryAfterNs: UInt64)
    }

    /// A state change, for the event bus.
    public struct Transition: Sendable, Hashable {
        public var from: State
        public var to: State
        public var reason: String
    }

    public struct Settings: Sendable, Hashable {
        public var failureRatio: Double
        public var minRequests: Int
        public var windowNs: UInt64
        public var cooldownNs: UInt64
        public var halfOpenProbes: Int

        public init(failureRatio: Double, minRequests: Int, windowNs: UInt64, cooldownNs: UInt64, halfOpenProbes: Int = 1) {
            self.failureRatio = failureRatio
            self.minRequests = max(1, minRequests)
            self.windowNs = max(1, windowNs)
            self.cooldownNs = cooldownNs
            self.halfOpenProbes = max(1, halfOpenProbes)
        }

        public init(_ config: CircuitBreakerConfig) {
            self.init(
                failureRatio: config.failureRatio, minRequests: config.minRequests, windowNs: UInt64(config.windowSeconds) * 1_000_000_000,
                cooldownNs: UInt64(config.cooldownSeconds) * 1_000_000_000)
        }
    }

    /// Outcomes counted in `bucketCount` time buckets spanning the window.
    private struct Bucket: Sendable, Hashable {
        var start: UInt64 = 0
        var successes = 0
        var failures = 0
    }

    public let settings: Settings
    public private(set) var state: State = .closed
    private var buckets: [Bucket]
    private static let bucketCount = 10

    public init(settings: Settings) {
        self.settings = settings
        self.buckets = Array(repeating: Bucket(), count: Self.bucketCount)
    }

    /// Successes and failures counted in the window ending at `now`.
    public func counts(now: UInt64) -> (successes: Int, failures: Int) {
        var successes = 0
        var failures = 0
        for bucket in buckets where bucket.start + settings.windowNs > now && bucket.start <= now {
            successes += bucket.successes
            failures += bucket.failures
        }
        return (successes, failures)
    }

    /// Decides whether a request may go through; may move open → half-open.
    public mutating func admit(now: UInt64) -> (Admission, Transition?) {
        switch state {
        case .closed:
            return (.allow, nil)
        case .open(let until):
            guard now >= until else { return (.reject(retryAfterNs: until - now), nil) }
            let transition = move(to: .halfOpen(inFlight: 1), reason: "cooldown over; probing")
            return (.probe, transition)
        case .halfOpen(let inFlight):
            guard inFlight < settings.halfOpenProbes else {
                // Probes are out: wait for them, but not longer than a cooldown.
                return (.reject(retryAfterNs: settings.cooldownNs), nil)
            }
            state = .halfOpen(inFlight: inFlight + 1)
            return (.probe, nil)
        }
    }

    /// Records a finished request; returns the transition it caused, if any.
    public mutating func record(success: Bool, now: UInt64) -> Transition? {
        switch state {
        case .halfOpen:
            if success {
                resetWindow()
                return move(to: .closed, reason: "probe succeeded")
            }
            return move(to: .open(until: now + settings.cooldownNs), reason: "probe failed")
        case .open:
            // A request admitted before the breaker opened finished late: nothing changes.
            return nil
        case .closed:
            count(success: success, now: now)
            let (successes, failures) = counts(now: now)
            let total = successes + failures
            guard !success, total >= settings.minRequests,
                Double(failures) >= settings.failureRatio * Double(total)
            else { return nil }
            let percent = Int((100 * Double(failures) / Double(total)).rounded())
            return move(
                to: .open(until: now + settings.cooldownNs),
                reason: "\(failures) of \(total) requests failed (\(percent)%) in \(settings.windowNs / 1_000_000_000)s")
        }
    }

    /// Operator command: open now for a cooldown.
    public mutating func forceOpen(now: UInt64) -> Transition? {
        if case .open = state { return nil }
        return move(to: .open(until: now + settings.cooldownNs), reason: "opened by an operator")
    }

    /// Operator command: close and forget the window.
    public mutating func reset() -> Transition? {
        resetWindow()
        if state == .closed { return nil }
        return move(to: .closed, reason: "reset by an operator")
    }

    private mutating func count(success: Bool, now: UInt64) {
        let width = max(1, settings.windowNs / UInt64(Self.bucketCount))
        let start = now - now % width
        let index = Int((now / width) % UInt64(Self.bucketCount))
        if buckets[index].start != start { buckets[index] = Bucket(start: start) }
        if success { buckets[index].successes += 1 } else { buckets[index].failures += 1 }
    }

    private mutating func resetWindow() {
        buckets = Array(repeating: Bucket(), count: Self.bucketCount)
    }

    private mutating func move(to next: State, reason: String) -> Transition {
        let transition = Transition(from: state, to: next, reason: reason)
        state = next
        return transition
    }
}
