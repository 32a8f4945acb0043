import SignalboxCore

/// Spend per virtual key over the console's session, folded from request-finish events in O(1)
/// each. Bounded: past `capacity` keys, further keys are counted together as `otherKeys`.
struct KeySpendTable: Sendable {
    static let capacity = 10_000
    static let otherKeys = "(other keys)"

    private(set) var byKey: [String: KeySpend] = [:]
    private(set) var totalCostMicros: Int64 = 0
    private(set) var keyedRequests = 0

    /// Requests without a virtual key (no `server.auth`) are not anyone's spend and are skipped.
    mutating func record(_ finished: RequestFinished) {
        guard let key = finished.virtualKeyID else { return }
        let id = byKey[key] != nil || byKey.count < Self.capacity ? key : Self.otherKeys
        let cost = finished.costUSD?.microdollars ?? 0
        var entry = byKey[id] ?? KeySpend(keyID: id)
        entry.requests += 1
        entry.tokens += finished.usage?.totalTokens ?? 0
        entry.costMicros += cost
        byKey[id] = entry
        totalCostMicros += cost
        keyedRequests += 1
    }

    /// The `count` keys that cost most (then most requests, then by id).
    func top(_ count: Int) -> [KeySpend] {
        let ranked = byKey.values.sorted { lhs, rhs in
            if lhs.costMicros != rhs.costMicros { return lhs.costMicros > rhs.costMicros }
            if lhs.requests != rhs.requests { return lhs.requests > rhs.requests }
            return lhs.keyID < rhs.keyID
        }
        return Array(ranked.prefix(max(0, count)))
    }

    /// `spend`'s share of the session's keyed cost, 0…1 (nil while nothing cost anything).
    func share(of spend: KeySpend) -> Double? {
        totalCostMicros > 0 ? Double(spend.costMicros) / Double(totalCostMicros) : nil
    }
}
