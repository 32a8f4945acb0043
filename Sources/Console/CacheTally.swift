/// The session's cache lookups and what the hits saved, folded from request-finish events.
struct CacheTally: Sendable, Hashable {
    var exactHits = 0
    var semanticHits = 0
    var misses = 0
    /// Requests the cache did not look at (not part of the hit rate).
    var bypassed = 0
    /// Tokens the hits did not spend: the cached answers' total tokens.
    var tokensSaved = 0
    /// What the hits would have cost from their providers.
    var savedMicros: Int64 = 0
    /// Hits on a target without a price: their saving is not in `savedMicros`.
    var unpricedHits = 0

    var hits: Int { exactHits + semanticHits }
    var lookups: Int { hits + misses }

    /// hits / (hits + misses); nil before the first lookup.
    var hitRate: Double? { lookups > 0 ? Double(hits) / Double(lookups) : nil }

    mutating func record(_ outcome: CacheOutcome, tokens: Int?, savedMicros saved: Int64?) {
        switch outcome {
        case .hitExact: exactHits += 1
        case .hitSemantic: semanticHits += 1
        case .miss: misses += 1
        case .bypass: bypassed += 1
        }
        guard outcome.isHit else { return }
        tokensSaved += tokens ?? 0
        if let saved { savedMicros += saved } else { unpricedHits += 1 }
    }
}
