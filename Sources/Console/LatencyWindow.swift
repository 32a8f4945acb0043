import DequeModule
import Synchronization

/// Latency samples of the last minute (at most `capacity` of them). Recording is O(1) (an append
/// to a ring): at thousands of requests a second, keeping the samples sorted as they arrived was
/// the largest part of the console's per-event cost. Percentiles sort once per change, when a
/// frame asks (≤ 10 times a second), and reuse that order until the next sample.
public struct LatencyWindow: Sendable {
    public let capacity: Int
    public let maxAgeMs: UInt64
    /// Samples in arrival order, for expiry.
    private var arrivals: Deque<(timestampMs: UInt64, value: Double)> = []
    /// Identifies the current samples: a fresh number after every change, so a copy of this
    /// window that changed differently never reads the other's sorted order.
    private var version = SortedSamples.nextVersion()
    private let sorted = SortedSamples()

    public init(capacity: Int = 2048, maxAgeMs: UInt64 = 60_000) {
        self.capacity = max(1, capacity)
        self.maxAgeMs = maxAgeMs
    }

    public var count: Int { arrivals.count }

    public mutating func record(_ value: Double, atMs timestampMs: UInt64) {
        guard value.isFinite else { return }
        if arrivals.count == capacity { arrivals.removeFirst() }
        arrivals.append((timestampMs, value))
        version = SortedSamples.nextVersion()
    }

    /// Drops samples older than `maxAgeMs` before `nowMs`. Returns true when any were dropped.
    @discardableResult
    public mutating func expire(nowMs: UInt64) -> Bool {
        guard nowMs > maxAgeMs else { return false }
        let cutoff = nowMs - maxAgeMs
        var dropped = false
        while let oldest = arrivals.first, oldest.timestampMs < cutoff {
            arrivals.removeFirst()
            dropped = true
        }
        if dropped { version = SortedSamples.nextVersion() }
        return dropped
    }

    /// The nearest-rank percentile (`fraction` in 0…1), nil without samples.
    public func percentile(_ fraction: Double) -> Double? {
        guard !arrivals.isEmpty else { return nil }
        let values = sorted.values(version: version) { arrivals.map(\.value).sorted() }
        let rank = Int((Double(values.count) * fraction).rounded(.up))
        return values[min(values.count - 1, max(0, rank - 1))]
    }
}

/// The sorted samples of one `LatencyWindow` state, computed on first use. A reference, so that
/// `percentile` (called while drawing, on an immutable model) can fill it.
private final class SortedSamples: Sendable {
    private static let counter = Atomic<UInt64>(0)
    private let cache = Mutex<(version: UInt64, values: [Double])>((0, []))

    static func nextVersion() -> UInt64 { counter.wrappingAdd(1, ordering: .relaxed).newValue }

    func values(version: UInt64, sorting: () -> [Double]) -> [Double] {
        if let hit = cache.withLock({ $0.version == version ? $0.values : nil }) { return hit }
        let values = sorting()
        cache.withLock { $0 = (version, values) }
        return values
    }
}
