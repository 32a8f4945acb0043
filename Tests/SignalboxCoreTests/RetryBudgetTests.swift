import SignalboxCore
import Testing

@Suite("Retry budget")
struct RetryBudgetTests {
    static let second: UInt64 = 1_000_000_000

    @Test("retries are capped at the ratio of recent requests plus the per-second minimum")
    func capped() {
        var budget = RetryBudget(ratio: 0.2, minimumPerSecond: 1, windowSeconds: 10)
        let now = 100 * Self.second
        for _ in 0..<100 { budget.recordRequest(nowNs: now) }
        // 20 % of 100 requests + 1/s × 10 s = 30 retries, then no more.
        var granted = 0
        while budget.acquireRetry(nowNs: now) { granted += 1 }
        #expect(granted == 30)
        let afterwards = budget.acquireRetry(nowNs: now + 1)
        #expect(!afterwards)
    }

    @Test("the window slides: old requests and retries stop counting")
    func slides() {
        var budget = RetryBudget(ratio: 0, minimumPerSecond: 1, windowSeconds: 2)
        let start = 50 * Self.second
        let grants = (0..<3).map { _ in budget.acquireRetry(nowNs: start) }
        #expect(grants == [true, true, false])
        // Two seconds later the spent retries have left the window.
        let later = budget.acquireRetry(nowNs: start + 2 * Self.second)
        #expect(later)
    }
}
