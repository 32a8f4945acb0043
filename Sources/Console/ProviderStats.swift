import SignalboxCore

/// Live figures for one provider, folded from gateway events. Attempts count every try at the
/// provider: a request answered by it (whatever the status: 4xx is the caller's fault) is a good
/// attempt, an `.attemptFailed` a failed one.
public struct ProviderStats: Sendable {
    public struct Failure: Sendable, Hashable {
        public var timestampMs: UInt64
        public var status: Int?
        public var reason: String
    }

    /// Requests answered by this provider (for req/s).
    public var requests = RateWindow()
    /// Attempts at this provider and how many failed (for error % and health).
    public var attempts = RateWindow()
    public var latency = LatencyWindow(capacity: 1024)
    public var lastFailure: Failure?
    public private(set) var totalRequests = 0
    public private(set) var totalFailedAttempts = 0

    public init() {}

    mutating func record(finished: RequestFinished) {
        totalRequests += 1
        requests.record(atMs: finished.timestampMs, failed: !finished.succeeded)
        latency.record(finished.latencyMs, atMs: finished.timestampMs)
        // A 5xx here was already counted by the attempt failure that produced it.
        if finished.status < 500 { attempts.record(atMs: finished.timestampMs, failed: false) }
    }

    mutating func record(failed: AttemptFailed) {
        totalFailedAttempts += 1
        attempts.record(atMs: failed.timestampMs, failed: true)
        lastFailure = Failure(timestampMs: failed.timestampMs, status: failed.status, reason: failed.reason)
    }

    func health(paused: Bool, nowMs: UInt64) -> ProviderHealth {
        let recent = attempts.totals(lastSeconds: 60, nowMs: nowMs)
        return ProviderHealth.derive(paused: paused, attempts: recent.events, failures: recent.failures)
    }
}
