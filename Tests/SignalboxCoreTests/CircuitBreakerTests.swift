import SignalboxCore
import Testing

@Suite("Circuit breaker transitions")
struct CircuitBreakerTests {
    static let second: UInt64 = 1_000_000_000
    static let settings = CircuitBreaker.Settings(failureRatio: 0.5, minRequests: 4, windowNs: 10 * second, cooldownNs: 5 * second)

    /// A breaker that has just opened at `t`.
    static func opened(at t: UInt64) -> CircuitBreaker {
        var breaker = CircuitBreaker(settings: settings)
        for index in 0..<4 { _ = breaker.record(success: index == 0, now: t) }
        return breaker
    }

    @Test("closed stays closed below the minimum request count, whatever the failure share")
    func minimumRequests() {
        var breaker = CircuitBreaker(settings: Self.settings)
        for _ in 0..<3 { #expect(breaker.record(success: false, now: 100) == nil) }
        #expect(breaker.state == .closed)
        #expect(breaker.admit(now: 101).0 == .allow)
    }

    @Test("closed → open at the failure ratio over the window, with the reason")
    func opens() throws {
        var breaker = CircuitBreaker(settings: Self.settings)
        _ = breaker.record(success: true, now: 0)
        _ = breaker.record(success: true, now: 1)
        #expect(breaker.record(success: false, now: 2) == nil)
        let opened = breaker.record(success: false, now: 3)
        let transition = try #require(opened)
        #expect(transition.from == .closed)
        #expect(transition.to == .open(until: 3 + 5 * Self.second))
        #expect(transition.reason == "2 of 4 requests failed (50%) in 10s")
    }

    @Test("failures that fell out of the window do not count")
    func windowSlides() {
        var breaker = CircuitBreaker(settings: Self.settings)
        for _ in 0..<3 { _ = breaker.record(success: false, now: 0) }
        // 11 s later the three old failures have left the 10 s window: one new failure is 1 of 1.
        #expect(breaker.record(success: false, now: 11 * Self.second) == nil)
        let counts = breaker.counts(now: 11 * Self.second)
        #expect(counts.successes == 0 && counts.failures == 1)
        #expect(breaker.state == .closed)
    }

    @Test("open refuses with the time left, then lets one probe through after the cooldown")
    func openThenHalfOpen() {
        var breaker = Self.opened(at: 0)
        #expect(breaker.admit(now: 2 * Self.second).0 == .reject(retryAfterNs: 3 * Self.second))
        let (admission, transition) = breaker.admit(now: 5 * Self.second)
        #expect(admission == .probe)
        #expect(transition?.to == .halfOpen(inFlight: 1))
        #expect(breaker.admit(now: 5 * Self.second + 1).0 == .reject(retryAfterNs: 5 * Self.second))
    }

    @Test("half-open → closed on a successful probe, with a fresh window")
    func probeSucceeds() {
        var breaker = Self.opened(at: 0)
        _ = breaker.admit(now: 6 * Self.second)
        let transition = breaker.record(success: true, now: 6 * Self.second)
        #expect(transition?.from == .halfOpen(inFlight: 1))
        #expect(transition?.to == .closed)
        let counts = breaker.counts(now: 6 * Self.second)
        #expect(counts.successes == 0 && counts.failures == 0)
        #expect(breaker.admit(now: 6 * Self.second).0 == .allow)
    }

    @Test("half-open → open again on a failed probe, for another cooldown")
    func probeFails() {
        var breaker = Self.opened(at: 0)
        _ = breaker.admit(now: 6 * Self.second)
        let transition = breaker.record(success: false, now: 7 * Self.second)
        #expect(transition?.to == .open(until: 12 * Self.second))
        #expect(transition?.reason == "probe failed")
        #expect(breaker.admit(now: 8 * Self.second).0 == .reject(retryAfterNs: 4 * Self.second))
    }

    @Test("late outcomes while open change nothing; operators can force-open and reset")
    func operatorCommands() {
        var breaker = Self.opened(at: 0)
        #expect(breaker.record(success: true, now: 1) == nil)
        #expect(breaker.forceOpen(now: 2) == nil)
        #expect(breaker.reset()?.to == .closed)
        #expect(breaker.reset() == nil)
        #expect(breaker.forceOpen(now: 10)?.to == .open(until: 10 + 5 * Self.second))
        #expect(breaker.state.name == "open")
    }

    @Test("settings from the configuration")
    func fromConfig() {
        let settings = CircuitBreaker.Settings(CircuitBreakerConfig(failureRatio: 0.25, minRequests: 7, windowSeconds: 30, cooldownSeconds: 12))
        #expect(settings.windowNs == 30 * Self.second)
        #expect(settings.cooldownNs == 12 * Self.second)
        #expect(settings.minRequests == 7)
    }
}
