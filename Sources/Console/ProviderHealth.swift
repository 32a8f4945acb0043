/// How a provider is doing, as the console shows it: always a glyph and a word next to the colour
/// role, so the state reads on a monochrome terminal too.
///
/// Paused and an open circuit breaker come from the engine; otherwise it is derived from the share
/// of failed attempts in the last minute (`failing` before a breaker has opened).
public enum ProviderHealth: Sendable, Hashable {
    case healthy
    case degraded
    case failing
    /// A circuit breaker of the provider is open: it gets no traffic until a probe succeeds.
    case open
    case paused

    public var glyph: Character {
        switch self {
        case .healthy: "●"
        case .degraded: "▲"
        case .failing, .open: "✖"
        case .paused: "⏸"
        }
    }

    public var word: String {
        switch self {
        case .healthy: "healthy"
        case .degraded: "degraded"
        case .failing: "failing"
        case .open: "open"
        case .paused: "paused"
        }
    }

    public var role: StyleRole {
        switch self {
        case .healthy: .healthy
        case .degraded: .degraded
        case .failing, .open: .open
        case .paused: .paused
        }
    }

    /// `paused` wins; then at least half of ≥3 recent attempts failed → failing; ≥5% → degraded.
    public static func derive(paused: Bool, attempts: Int, failures: Int) -> ProviderHealth {
        if paused { return .paused }
        guard attempts > 0, failures > 0 else { return .healthy }
        if attempts >= 3, failures * 2 >= attempts { return .failing }
        return failures * 20 >= attempts ? .degraded : .healthy
    }
}
