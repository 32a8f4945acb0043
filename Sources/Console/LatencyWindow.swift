import DequeModule

/// Latency samples of the last minute (at most `capacity` of them), kept sorted as they arrive so
/// that a percentile is an index lookup: drawing a frame never sorts.
public struct LatencyWindow: Sendable {
    public let capacity: Int
    public let maxAgeMs: UInt64
    /// Samples in arrival order, for expiry.
    private var arrivals: Deque<(timestampMs: UInt64, value: Double)> = []
    private var sorted: [Double] = []

    public init(capacity: Int = 2048, maxAgeMs: UInt64 = 60_000) {
        self.capacity = max(1, capacity)
        self.maxAgeMs = maxAgeMs
        sorted.reserveCapacity(self.capacity)
    }

    public var count: Int { sorted.count }

    public mutating func record(_ value: Double, atMs timestampMs: UInt64) {
        guard value.isFinite else { return }
        if arrivals.count == capacity, let oldest = arrivals.popFirst() { remove(oldest.value) }
        arrivals.append((timestampMs, value))
        sorted.insert(value, at: position(of: value))
    }

    /// Drops samples older than `maxAgeMs` before `nowMs`. Returns true when any were dropped.
    @discardableResult
    public mutating func expire(nowMs: UInt64) -> Bool {
        guard nowMs > maxAgeMs else { return false }
        let cutoff = nowMs - maxAgeMs
        var dropped = false
        while let oldest = arrivals.first, oldest.timestampMs < cutoff {
            arrivals.removeFirst()
            remove(oldest.value)
            dropped = true
        }
        return dropped
    }

    /// The nearest-rank percentile (`fraction` in 0…1), nil without samples.
    public func percentile(_ fraction: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((Double(sorted.count) * fraction).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    private mutating func remove(_ value: Double) {
        let index = position(of: value)
        if index < sorted.count, sorted[index] == value { sorted.remove(at: index) }
    }

    /// First index whose value is ≥ `value`.
    private func position(of value: Double) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
