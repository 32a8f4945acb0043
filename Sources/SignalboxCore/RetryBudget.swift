/// Keeps retries from multiplying an outage (Envoy's retry budget): over the last `windowSeconds`,
/// retries may add at most `ratio` of the requests seen, plus `minimumPerSecond` so that a quiet
/// gateway can still retry. Pure; the engine holds it under a lock.
public struct RetryBudget: Sendable, Hashable {
    public let ratio: Double
    public let minimumPerSecond: Int
    public let windowSeconds: Int
    private var seconds: [UInt64]
    private var requests: [Int]
    private var retries: [Int]

    public init(ratio: Double = 0.2, minimumPerSecond: Int = 10, windowSeconds: Int = 10) {
        self.ratio = ratio
        self.minimumPerSecond = minimumPerSecond
        self.windowSeconds = max(1, windowSeconds)
        seconds = Array(repeating: .max, count: self.windowSeconds)
        requests = Array(repeating: 0, count: self.windowSeconds)
        retries = Array(repeating: 0, count: self.windowSeconds)
    }

    /// Counts a new client request at monotonic time `nowNs`.
    public mutating func recordRequest(nowNs: UInt64) {
        requests[slot(nowNs)] += 1
    }

    /// Takes one retry from the budget; false when the budget is spent (do not retry).
    public mutating func acquireRetry(nowNs: UInt64) -> Bool {
        let current = slot(nowNs)
        let second = nowNs / 1_000_000_000
        var requestTotal = 0
        var retryTotal = 0
        for index in 0..<windowSeconds where seconds[index] != .max && seconds[index] + UInt64(windowSeconds) > second {
            requestTotal += requests[index]
            retryTotal += retries[index]
        }
        let allowed = Int(Double(requestTotal) * ratio) + minimumPerSecond * windowSeconds
        guard retryTotal < allowed else { return false }
        retries[current] += 1
        return true
    }

    private mutating func slot(_ nowNs: UInt64) -> Int {
        let second = nowNs / 1_000_000_000
        let index = Int(second % UInt64(windowSeconds))
        if seconds[index] != second {
            seconds[index] = second
            requests[index] = 0
            retries[index] = 0
        }
        return index
    }
}
