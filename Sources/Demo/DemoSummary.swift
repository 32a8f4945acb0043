public import SignalboxCore

/// Per-second figures of the headless demo, folded from gateway events.
public struct DemoSummary: Sendable {
    public private(set) var requests = 0
    public private(set) var failures = 0
    public private(set) var streams = 0
    public private(set) var tokens = 0
    public private(set) var attemptFailures = 0
    public private(set) var failovers = 0
    /// Requests answered from the response cache (exact or semantic).
    public private(set) var cacheHits = 0
    /// Breaker changes this second, as `provider/model → state`.
    public private(set) var breakerChanges: [String] = []
    private var latenciesMs: [Double] = []
    private var perProvider: [String: (ok: Int, failed: Int)] = [:]

    public init() {}

    public mutating func apply(_ event: GatewayEvent) {
        switch event {
        case .requestStarted:
            break
        case .requestFinished(let finished):
            requests += 1
            if finished.stream { streams += 1 }
            if finished.cache.hasPrefix("hit") { cacheHits += 1 }
            tokens += finished.usage?.totalTokens ?? 0
            latenciesMs.append(finished.latencyMs)
            let key = finished.provider.isEmpty ? "gateway" : finished.provider
            var counts = perProvider[key] ?? (0, 0)
            if finished.succeeded {
                counts.ok += 1
            } else {
                failures += 1
                counts.failed += 1
            }
            perProvider[key] = counts
        case .attemptFailed:
            attemptFailures += 1
        case .failover:
            failovers += 1
        case .breakerChanged(let change):
            breakerChanges.append("\(change.provider)/\(change.model) → \(change.to)")
        case .providerStateChanged, .keyRotated, .operatorAction, .budgetAlert:
            break
        }
    }

    /// `[  12s]  14 req/s  ok 13  err 1  p50 45ms  p99 210ms  streams 5  tokens 1204 | openai-sim 5/1 …`
    public func line(elapsedSeconds: Int, busDrops: Int) -> String {
        let sorted = latenciesMs.sorted()
        func percentile(_ p: Double) -> String {
            guard !sorted.isEmpty else { return "-" }
            let index = min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)
            return "\(Int(sorted[max(0, index)].rounded()))ms"
        }
        let providers = perProvider.keys.sorted().map { id in
            let counts = perProvider[id]!
            return counts.failed > 0 ? "\(id) \(counts.ok) ok/\(counts.failed) err" : "\(id) \(counts.ok) ok"
        }
        let elapsed = String(elapsedSeconds)
        return "[\(String(repeating: " ", count: max(0, 4 - elapsed.count)))\(elapsed)s] \(requests) req/s  ok \(requests - failures)  err \(failures)"
            + "  p50 \(percentile(0.5))  p99 \(percentile(0.99))  streams \(streams)  tokens \(tokens)  bus drops \(busDrops)"
            + (failovers > 0 ? "  failovers \(failovers)" : "") + (cacheHits > 0 ? "  cache hits \(cacheHits)" : "")
            + (breakerChanges.isEmpty ? "" : "  breaker " + breakerChanges.joined(separator: ", "))
            + (providers.isEmpty ? "" : "  | " + providers.joined(separator: "  "))
    }
}
