public import MockProvider

/// The incident the demo replays on a loop, so every panel of the console moves: an outage, a
/// rate-limit burst and a latency spike, each on a different simulated provider.
public struct DemoFaultScript: Sendable {
    public struct Step: Sendable {
        /// Seconds into each cycle.
        public var at: Int
        public var provider: String
        public var description: String
        public var change: @Sendable (inout MockFaults) -> Void
    }

    public let cycleSeconds: Int
    public let steps: [Step]

    public static let standard = DemoFaultScript(
        cycleSeconds: 60,
        steps: [
            Step(at: 10, provider: "openai-sim", description: "outage begins (every request 503)") { $0.status = 503 },
            Step(at: 22, provider: "openai-sim", description: "outage over") { $0.status = nil },
            Step(at: 30, provider: "anthropic-sim", description: "rate-limit burst (429, Retry-After 2)") {
                $0.status = 429
                $0.retryAfter = 2
            },
            Step(at: 36, provider: "anthropic-sim", description: "rate limits lifted") {
                $0.status = nil
                $0.retryAfter = nil
            },
            Step(at: 42, provider: "gemini-sim", description: "latency spike (+800 ms)") { $0.latencyMs += 800 },
            Step(at: 52, provider: "gemini-sim", description: "latency back to normal") { $0.latencyMs = max(0, $0.latencyMs - 800) },
        ])

    /// Runs the script against the scenario's providers until cancelled, reporting each step.
    public func run(on scenario: DemoScenario, report: @Sendable (Int, Step) -> Void) async {
        var cycleStart = ContinuousClock.now
        var elapsedInCycle = 0
        while !Task.isCancelled {
            for step in steps where step.at == elapsedInCycle {
                if let server = scenario.provider(step.provider) {
                    var faults = server.faults
                    step.change(&faults)
                    server.faults = faults
                    report(elapsedInCycle, step)
                }
            }
            elapsedInCycle += 1
            if elapsedInCycle >= cycleSeconds {
                elapsedInCycle = 0
                cycleStart = ContinuousClock.now
            }
            try? await Task.sleep(until: cycleStart + .seconds(elapsedInCycle), clock: .continuous)
        }
    }
}
