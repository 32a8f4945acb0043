import SignalboxCore
import Synchronization

/// What the engine learns about each target (provider × model) from its own traffic: the circuit
/// breaker, an EWMA of time to first byte (for the `latency` strategy) and the requests in flight
/// (for `least-busy`); plus the gateway-wide retry budget. One lock, held for a few field updates.
final class TargetHealthTable: Sendable {
    struct Stats: Sendable {
        var breaker: CircuitBreaker
        var latencyEWMAms: Double?
        var inFlight = 0
    }

    /// What planning needs to know about a target.
    struct View: Sendable {
        /// Open and not yet due for a probe.
        var refusing: Bool
        var retryAfterNs: UInt64
        var latencyEWMAms: Double?
        var inFlight: Int
    }

    /// Weight of the newest sample in the latency average.
    static let ewmaWeight = 0.3

    private let settings: CircuitBreaker.Settings
    private let table = Mutex<[String: Stats]>([:])
    private let budget = Mutex(RetryBudget())

    init(settings: CircuitBreaker.Settings) {
        self.settings = settings
    }

    /// How long an open breaker (or a rejected key) stays out.
    var cooldownNs: UInt64 { settings.cooldownNs }

    static func key(provider: String, model: String) -> String { provider + "/" + model }

    func view(_ key: String, nowNs: UInt64) -> View {
        table.withLock { table in
            guard let stats = table[key] else { return View(refusing: false, retryAfterNs: 0, latencyEWMAms: nil, inFlight: 0) }
            if case .open(let until) = stats.breaker.state, nowNs < until {
                return View(refusing: true, retryAfterNs: until - nowNs, latencyEWMAms: stats.latencyEWMAms, inFlight: stats.inFlight)
            }
            return View(refusing: false, retryAfterNs: 0, latencyEWMAms: stats.latencyEWMAms, inFlight: stats.inFlight)
        }
    }

    /// An attempt is about to start: asks the breaker and counts it in flight when admitted.
    /// `force`: the plan goes ahead despite open breakers (`try_when_all_open`).
    func begin(_ key: String, nowNs: UInt64, force: Bool = false) -> (CircuitBreaker.Admission, CircuitBreaker.Transition?) {
        table.withLock { table in
            var stats = table[key] ?? Stats(breaker: CircuitBreaker(settings: settings))
            var (admission, transition) = stats.breaker.admit(now: nowNs)
            if force, case .reject = admission { (admission, transition) = (.allow, nil) }
            if case .reject = admission {} else { stats.inFlight += 1 }
            table[key] = stats
            return (admission, transition)
        }
    }

    /// An admitted attempt ended. `success` nil: it says nothing about the target (the client left,
    /// or the gateway cancelled it). Returns the breaker transition it caused.
    func end(_ key: String, success: Bool?, firstByteNs: UInt64?, nowNs: UInt64) -> CircuitBreaker.Transition? {
        table.withLock { table in
            guard var stats = table[key] else { return nil }
            stats.inFlight = max(0, stats.inFlight - 1)
            if let firstByteNs, success == true {
                let sample = Double(firstByteNs) / 1_000_000
                stats.latencyEWMAms = stats.latencyEWMAms.map { $0 + Self.ewmaWeight * (sample - $0) } ?? sample
            }
            var transition: CircuitBreaker.Transition?
            if let success { transition = stats.breaker.record(success: success, now: nowNs) }
            table[key] = stats
            return transition
        }
    }

    /// Operator command: closes every breaker of `provider`. Returns the models whose breaker
    /// changed, with the transition.
    func resetBreakers(provider: String) -> [(model: String, transition: CircuitBreaker.Transition)] {
        let prefix = provider + "/"
        return table.withLock { table in
            var changed: [(model: String, transition: CircuitBreaker.Transition)] = []
            for key in table.keys.sorted() where key.hasPrefix(prefix) {
                if let transition = table[key]?.breaker.reset() { changed.append((String(key.dropFirst(prefix.count)), transition)) }
            }
            return changed
        }
    }

    /// Opens the breakers of `provider`'s `models` for a cooldown (operator command, failed health
    /// check). Returns the models whose breaker changed, with the transition.
    func openBreakers(provider: String, models: [String], nowNs: UInt64) -> [(model: String, transition: CircuitBreaker.Transition)] {
        table.withLock { table in
            var changed: [(model: String, transition: CircuitBreaker.Transition)] = []
            for model in models {
                let key = Self.key(provider: provider, model: model)
                var stats = table[key] ?? Stats(breaker: CircuitBreaker(settings: settings))
                if let transition = stats.breaker.forceOpen(now: nowNs) { changed.append((model, transition)) }
                table[key] = stats
            }
            return changed
        }
    }

    /// Breaker state names by target key, for operators.
    func breakerStates() -> [String: String] {
        table.withLock { $0.mapValues(\.breaker.state.name) }
    }

    func recordRequest(nowNs: UInt64) {
        budget.withLock { $0.recordRequest(nowNs: nowNs) }
    }

    func acquireRetry(nowNs: UInt64) -> Bool {
        budget.withLock { $0.acquireRetry(nowNs: nowNs) }
    }
}
