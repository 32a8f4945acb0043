/// Counts of events (and how many of them failed) over the last minute, in one-second buckets:
/// recording and reading are O(buckets) with no allocation, whatever the traffic.
public struct RateWindow: Sendable, Hashable {
    private struct Bucket: Sendable, Hashable {
        var second: UInt64 = .max
        var events = 0
        var failures = 0
    }

    private var buckets: [Bucket]

    public init(seconds: Int = 60) {
        buckets = Array(repeating: Bucket(), count: max(1, seconds))
    }

    public var seconds: Int { buckets.count }

    public mutating func record(atMs timestampMs: UInt64, failed: Bool) {
        let second = timestampMs / 1000
        let index = Int(second % UInt64(buckets.count))
        if buckets[index].second != second { buckets[index] = Bucket(second: second) }
        buckets[index].events += 1
        if failed { buckets[index].failures += 1 }
    }

    /// Events and failures in the `lastSeconds` seconds up to and including `nowMs`'s second
    /// (events stamped slightly after `nowMs` count too: engine and console clocks differ a little).
    public func totals(lastSeconds: Int, nowMs: UInt64) -> (events: Int, failures: Int) {
        let span = UInt64(min(max(1, lastSeconds), buckets.count))
        let nowSecond = nowMs / 1000
        let oldest = nowSecond + 1 >= span ? nowSecond + 1 - span : 0
        var events = 0
        var failures = 0
        for bucket in buckets where bucket.second != .max && bucket.second >= oldest && bucket.second < oldest + UInt64(buckets.count) {
            events += bucket.events
            failures += bucket.failures
        }
        return (events, failures)
    }

    /// Events per second over the last `lastSeconds` seconds, or over the time since `sinceMs`
    /// when that is shorter (so the first seconds after start are not under-reported).
    public func perSecond(lastSeconds: Int, nowMs: UInt64, sinceMs: UInt64) -> Double {
        let events = totals(lastSeconds: lastSeconds, nowMs: nowMs).events
        let elapsed = nowMs > sinceMs ? Double(nowMs - sinceMs) / 1000 : 0
        let span = min(Double(lastSeconds), max(1, elapsed.rounded(.up)))
        return Double(events) / span
    }
}
