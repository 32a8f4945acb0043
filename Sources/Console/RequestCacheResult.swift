public import SignalboxCore

/// The cache's part in one finished request, as the request list and the inspector show it.
public struct RequestCacheResult: Sendable, Hashable {
    public var outcome: CacheOutcome
    /// A hit: what the answer would have cost from its provider (nil when unpriced).
    public var savedCostMicros: Int64?
    /// A semantic hit: how close the question was to the cached one (cosine similarity).
    public var similarity: Double?

    public init(outcome: CacheOutcome, savedCostMicros: Int64? = nil, similarity: Double? = nil) {
        self.outcome = outcome
        self.savedCostMicros = savedCostMicros
        self.similarity = similarity
    }

    public init(_ finished: RequestFinished) {
        self.init(outcome: CacheOutcome(event: finished.cache), savedCostMicros: finished.savedCostMicros, similarity: finished.cacheSimilarity)
    }

    /// `hit-semantic · similarity 0.957 · saved $0.0042`, `miss`, `bypass`.
    var summary: String {
        var parts = [outcome.rawValue]
        if let similarity { parts.append("similarity " + DisplayFormat.fixed(similarity, decimals: 3)) }
        if outcome.isHit { parts.append(savedCostMicros.map { "saved " + DisplayFormat.usdFine(micros: $0) } ?? "saved — (unpriced)") }
        return parts.joined(separator: " · ")
    }

    /// The Requests view's CACHE column.
    var shortText: String {
        switch outcome {
        case .hitExact: "exact"
        case .hitSemantic: "sem"
        case .miss: "miss"
        case .bypass: "—"
        }
    }
}
