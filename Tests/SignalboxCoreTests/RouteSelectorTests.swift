import SignalboxCore
import Testing

@Suite("Route selection")
struct RouteSelectorTests {
    typealias Candidate = RouteSelector.Candidate

    /// SplitMix64: a seeded generator, so the convergence test is repeatable.
    struct SeededRandom {
        var state: UInt64
        mutating func next() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
    }

    @Test("weighted selection converges to the configured weights", arguments: [[3, 1], [1, 1, 1], [5, 3, 2], [1, 0, 9]])
    func weightedConverges(weights: [Int]) {
        let candidates = weights.enumerated().map { Candidate(id: "t\($0.offset)", weight: $0.element) }
        let selector = RouteSelector(strategy: .weighted)
        var random = SeededRandom(state: 42)
        var counts = Array(repeating: 0, count: weights.count)
        let draws = 20_000
        for _ in 0..<draws { counts[selector.select(candidates, random: random.next()).order[0]] += 1 }
        let total = Double(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            let expected = Double(weight) / total
            let observed = Double(counts[index]) / Double(draws)
            // 20,000 draws: the standard error is ≤ 0.0036; 0.02 is more than five of them.
            #expect(abs(observed - expected) < 0.02, "target \(index): \(observed) vs \(expected)")
        }
        // A zero weight is never drawn first (it still follows as a fallback).
        for (index, weight) in weights.enumerated() where weight == 0 { #expect(counts[index] == 0) }
    }

    @Test("weighted never picks an unavailable or zero-weight target first, and lists every usable target")
    func weightedSkipsUnavailable() {
        let candidates = [Candidate(id: "a", weight: 5, available: false), Candidate(id: "b", weight: 0), Candidate(id: "c", weight: 1)]
        let selection = RouteSelector(strategy: .weighted).select(candidates, random: 0.0)
        #expect(selection.order == [2, 1])
        #expect(selection.reason == "weighted: c drew 1/1; 1 unavailable skipped")
    }

    @Test("priority tries the lowest available tier first, weighted inside a tier")
    func priority() {
        let candidates = [
            Candidate(id: "primary-a", weight: 1, tier: 0, available: false), Candidate(id: "primary-b", weight: 1, tier: 0),
            Candidate(id: "backup", tier: 1),
        ]
        let selection = RouteSelector(strategy: .priority).select(candidates, random: 0.9)
        #expect(selection.order == [1, 2])
        #expect(selection.reason.hasPrefix("priority: tier 0 (primary-b)"))
        let allPrimariesDown = RouteSelector(strategy: .priority).select(
            [Candidate(id: "p", tier: 0, available: false), Candidate(id: "b", tier: 1)], random: 0)
        #expect(allPrimariesDown.order == [1])
        #expect(allPrimariesDown.reason.contains("higher tiers unavailable"))
    }

    @Test("latency measures unmeasured targets first, then prefers the lowest EWMA")
    func latency() {
        let selector = RouteSelector(strategy: .latency)
        let measured = [Candidate(id: "slow", latencyEWMAms: 420), Candidate(id: "fast", latencyEWMAms: 85.5)]
        #expect(selector.select(measured, random: 0).order == [1, 0])
        #expect(selector.select(measured, random: 0).reason == "latency: fast fastest, EWMA 85.5 ms to first byte")
        let fresh = measured + [Candidate(id: "new")]
        #expect(selector.select(fresh, random: 0).order == [2, 1, 0])
        // One request in ten explores the second-fastest, so its average keeps being measured.
        let exploring = selector.select(measured, random: 0.95)
        #expect(exploring.order == [0, 1])
        #expect(exploring.reason == "latency: exploring slow (EWMA 420 ms)")
        #expect(selector.select(measured, random: 0.89).order == [1, 0])
    }

    @Test("cost picks the cheapest known price; unknown prices go last")
    func cost() {
        let candidates = [Candidate(id: "unknown"), Candidate(id: "pricey", pricePerMillionTokens: 15), Candidate(id: "cheap", pricePerMillionTokens: 0.6)]
        let selection = RouteSelector(strategy: .cost).select(candidates, random: 0)
        #expect(selection.order == [2, 1, 0])
        #expect(selection.reason == "cost: cheap cheapest at $0.6/M tokens")
    }

    @Test("least-busy picks the fewest in flight, ties in configuration order")
    func leastBusy() {
        let candidates = [Candidate(id: "a", inFlight: 3), Candidate(id: "b", inFlight: 1), Candidate(id: "c", inFlight: 1)]
        let selection = RouteSelector(strategy: .leastBusy).select(candidates, random: 0)
        #expect(selection.order == [1, 2, 0])
        #expect(selection.reason == "least-busy: b has 1 in flight")
    }

    @Test("nothing usable is an empty order with the reason", arguments: RoutingStrategy.allCases)
    func nothingUsable(strategy: RoutingStrategy) {
        let selection = RouteSelector(strategy: strategy).select([Candidate(id: "a", available: false)], random: 0.5)
        #expect(selection.order.isEmpty)
        #expect(selection.reason == "every target is paused or open")
    }
}
