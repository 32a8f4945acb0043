import DequeModule

/// Cache lookups over the last half hour in 10-second buckets (exact hits, semantic hits, misses),
/// for the Cache view's hit-rate chart. Pure: times come in as arguments. O(1) per lookup in time
/// order (a late event walks back a few buckets); memory is bounded by `capacity` buckets, which
/// are kept only for intervals that saw a lookup.
struct CacheHitHistory: Sendable, Hashable {
    struct Bucket: Sendable, Hashable {
        /// `timestampMs / bucketMs` of the lookups counted here.
        var index: UInt64
        var exact = 0
        var semantic = 0
        var misses = 0

        var hits: Int { exact + semantic }
        var lookups: Int { exact + semantic + misses }
    }

    static let bucketMs: UInt64 = 10_000
    /// Half an hour: more than any terminal is wide enough to draw.
    static let capacity = 180

    /// Ascending by index, at most `capacity` apart.
    private(set) var buckets: Deque<Bucket> = []

    /// Counts a lookup (a bypass is not one) that finished at `atMs`.
    mutating func record(_ outcome: CacheOutcome, atMs: UInt64) {
        guard outcome.isLookup else { return }
        let index = atMs / Self.bucketMs
        if let last = buckets.last, last.index + UInt64(Self.capacity) <= index {
            buckets.removeAll()
        }
        var position = buckets.count
        while position > 0, buckets[position - 1].index > index { position -= 1 }
        if position > 0, buckets[position - 1].index == index {
            position -= 1
        } else {
            // Older than everything kept: too old to draw.
            if let last = buckets.last, index + UInt64(Self.capacity) <= last.index { return }
            buckets.insert(Bucket(index: index), at: position)
        }
        switch outcome {
        case .hitExact: buckets[position].exact += 1
        case .hitSemantic: buckets[position].semantic += 1
        case .miss: buckets[position].misses += 1
        case .bypass: break
        }
        while let first = buckets.first, let last = buckets.last, first.index + UInt64(Self.capacity) <= last.index { buckets.removeFirst() }
    }

    /// The `count` buckets ending with the one `nowMs` falls in, oldest first; a bucket without
    /// lookups is empty (zero lookups), not missing.
    func window(count: Int, endingAtMs nowMs: UInt64) -> [Bucket] {
        guard count > 0 else { return [] }
        let end = nowMs / Self.bucketMs
        let start = end + 1 - min(UInt64(count), end + 1)
        var window = (start...end).map { Bucket(index: $0) }
        for bucket in buckets where bucket.index >= start && bucket.index <= end {
            window[Int(bucket.index - start)] = bucket
        }
        return window
    }

    /// Hits and lookups over the last `seconds` up to `nowMs` (whole buckets: the current one and
    /// those before it).
    func totals(lastSeconds seconds: Int, nowMs: UInt64) -> (hits: Int, lookups: Int) {
        let bucketCount = max(1, (UInt64(max(0, seconds)) * 1_000 + Self.bucketMs - 1) / Self.bucketMs)
        let end = nowMs / Self.bucketMs
        var hits = 0
        var lookups = 0
        for bucket in buckets.reversed() {
            guard bucket.index + bucketCount > end else { break }
            guard bucket.index <= end else { continue }
            hits += bucket.hits
            lookups += bucket.lookups
        }
        return (hits, lookups)
    }
}
