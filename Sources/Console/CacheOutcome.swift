/// What the response cache did for one request (`RequestFinished.cache`).
public enum CacheOutcome: String, Sendable, Hashable {
    case hitExact = "hit-exact"
    case hitSemantic = "hit-semantic"
    /// Looked up, not found: a provider answered.
    case miss
    /// Not looked up (no cache on the route, a sampled request, `x-signalbox-cache`).
    case bypass

    /// An outcome this console does not know yet counts as not looked up.
    init(event value: String) {
        self = CacheOutcome(rawValue: value) ?? .bypass
    }

    var isHit: Bool { self == .hitExact || self == .hitSemantic }
    var isLookup: Bool { self != .bypass }
}
