public import SignalboxCore

/// A provider as the console knows it: the engine's snapshot (keys, pause state) when one has
/// arrived, and live stats from events either way.
public struct ProviderEntry: Sendable {
    public var id: String
    public var snapshot: ProviderSnapshot?
    public var stats = ProviderStats()
    /// Circuit breaker state per provider model, from `.breakerChanged` events (absent: closed).
    public var breakers: [String: String] = [:]

    public init(id: String, snapshot: ProviderSnapshot? = nil) {
        self.id = id
        self.snapshot = snapshot
    }

    public var paused: Bool { snapshot?.paused ?? false }
    public var keys: [ProviderSnapshot.Key] { snapshot?.keys ?? [] }

    /// The worst breaker state among the provider's models: `open`, `half-open` or `closed`.
    public var breakerSummary: String {
        if breakers.values.contains("open") { return "open" }
        if breakers.values.contains("half-open") { return "half-open" }
        return "closed"
    }

    /// Paused wins, then an open breaker, then what the recent attempts say.
    public func health(nowMs: UInt64) -> ProviderHealth {
        if !paused, breakerSummary == "open" { return .open }
        return stats.health(paused: paused, nowMs: nowMs)
    }

    public var breakerRole: StyleRole {
        switch breakerSummary {
        case "open": .open
        case "half-open": .degraded
        default: .dim
        }
    }
}
