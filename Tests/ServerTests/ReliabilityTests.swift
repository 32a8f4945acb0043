import Engine
import Foundation
import MockProvider
import Server
import SignalboxCore
import Testing
import Upstream

/// Retries, failover, fallbacks and circuit breakers against real mock providers on loopback.
@Suite("Reliability: attempts, failover, breakers")
struct ReliabilityTests {
    static func chat(_ model: String, stream: Bool = false) -> String {
        #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"user","content":"hello"}]}"#
    }

    /// Everything one request produced on the bus, up to and including its finish.
    static func events(of harness: GatewayHarness) async -> (finished: RequestFinished?, failed: [AttemptFailed], failovers: [Failover]) {
        var failed: [AttemptFailed] = []
        var failovers: [Failover] = []
        for await event in harness.events {
            switch event {
            case .attemptFailed(let failure): failed.append(failure)
            case .failover(let failover): failovers.append(failover)
            case .requestFinished(let finished): return (finished, failed, failovers)
            default: break
            }
        }
        return (nil, failed, failovers)
    }

    struct FaultCase: Sendable, CustomTestStringConvertible {
        var name: String
        var faults: MockFaults
        var unreachable = false
        var firstByteMs: Int?
        var status: Int
        var provider: String
        var attempts: Int
        var testDescription: String { name }
    }

    static let matrix: [FaultCase] = [
        FaultCase(name: "500 fails over", faults: MockFaults(status: 500), status: 200, provider: "mock-backup", attempts: 2),
        FaultCase(name: "502 fails over", faults: MockFaults(status: 502), status: 200, provider: "mock-backup", attempts: 2),
        FaultCase(name: "503 fails over", faults: MockFaults(status: 503), status: 200, provider: "mock-backup", attempts: 2),
        FaultCase(name: "429 fails over", faults: MockFaults(status: 429), status: 200, provider: "mock-backup", attempts: 2),
        FaultCase(
            name: "429 with a long Retry-After fails over at once", faults: MockFaults(status: 429, retryAfter: 60), status: 200,
            provider: "mock-backup", attempts: 2),
        FaultCase(name: "connect refused fails over", faults: MockFaults(), unreachable: true, status: 200, provider: "mock-backup", attempts: 2),
        FaultCase(
            name: "a hang until the first-byte timeout fails over", faults: MockFaults(hang: true), firstByteMs: 300, status: 200,
            provider: "mock-backup", attempts: 2),
        FaultCase(
            name: "a slow first byte within the timeout is waited for", faults: MockFaults(latencyMs: 150), firstByteMs: 2_000, status: 200,
            provider: "mock-openai", attempts: 1),
        FaultCase(name: "400 is not retried", faults: MockFaults(status: 400), status: 400, provider: "mock-openai", attempts: 1),
        FaultCase(name: "401 is not retried", faults: MockFaults(status: 401), status: 401, provider: "mock-openai", attempts: 1),
        FaultCase(name: "404 is not retried", faults: MockFaults(status: 404), status: 404, provider: "mock-openai", attempts: 1),
        FaultCase(
            name: "a context-length error is not retried", faults: MockFaults(status: 400, errorCode: "context_length_exceeded"), status: 400,
            provider: "mock-openai", attempts: 1),
    ]

    @Test("fault matrix on the first target of a two-target route", arguments: matrix)
    func faultMatrix(_ fault: FaultCase) async throws {
        let harness = try await GatewayHarness.start(faults: fault.faults, withBackup: true) { provider in
            if fault.unreachable { provider.baseURL = "http://127.0.0.1:9/v1" }
            if let firstByteMs = fault.firstByteMs { provider.timeouts.firstByteMs = firstByteMs }
        }
        let backup = try #require(harness.backup)
        let response = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        let (finished, failed, failovers) = await Self.events(of: harness)
        await harness.stop()

        #expect(response.status == fault.status, "\(response.body)")
        #expect(response.headers.first("x-signalbox-provider") == fault.provider)
        #expect(response.headers.first("x-signalbox-attempts") == String(fault.attempts))
        #expect(finished?.attempts == fault.attempts)
        #expect(finished?.provider == fault.provider)
        // The plan's reason travels with the request (the console's inspector shows it).
        #expect(finished?.routeReason == "priority: tier 0 (mock-openai/mock-gpt)")
        #expect(backup.recordedRequests.count == (fault.provider == "mock-backup" ? 1 : 0))
        if fault.attempts == 2 {
            #expect(failed.count == 1)
            #expect(failed.first?.provider == "mock-openai")
            #expect(failovers.count == 1)
            #expect(failovers.first?.fromProvider == "mock-openai")
            #expect(failovers.first?.toProvider == "mock-backup")
            #expect(failovers.first?.toModel == "backup-gpt")
        } else {
            #expect(failovers.isEmpty)
            #expect(failed.count == (fault.status == 200 ? 0 : 1))
        }
        if fault.faults.errorCode == "context_length_exceeded" {
            #expect(failed.first?.reason.hasPrefix("context length exceeded (not retried)") == true)
        }
        if fault.status >= 400 {
            #expect(response.body.hasPrefix(#"{"error":{"#))
        }
    }

    @Test("a single target is retried after a backoff, and the retry is counted")
    func retriesTheOnlyTarget() async throws {
        let harness = try await GatewayHarness.start(faults: MockFaults(status: 503, failFirst: 1))
        let response = try await harness.send(harness.request("/chat/completions", body: Self.chat("gpt-test")))
        let (finished, failed, failovers) = await Self.events(of: harness)
        await harness.stop()

        #expect(response.status == 200)
        #expect(response.headers.first("x-signalbox-attempts") == "2")
        #expect(harness.mock.recordedRequests.count == 2)
        #expect(failed.map(\.attempt) == [1])
        #expect(failed.first?.status == 503)
        #expect(failovers.isEmpty)  // the same target again is a retry, not a failover
        #expect(finished?.attempts == 2)
        #expect((finished?.timings.previousAttempts ?? 0) > 0)
    }

    @Test("Retry-After is honoured when it fits the backoff cap, and ends the retries when it does not")
    func retryAfter() async throws {
        let honoured = try await GatewayHarness.start(faults: MockFaults(status: 503, retryAfter: 1, failFirst: 1))
        let waited = try await honoured.send(honoured.request("/chat/completions", body: Self.chat("gpt-test")))
        let (waitedFinished, _, _) = await Self.events(of: honoured)
        await honoured.stop()
        #expect(waited.status == 200)
        #expect(waited.headers.first("x-signalbox-attempts") == "2")
        // The backoff that was scheduled is part of the request's previous-attempts time.
        #expect((waitedFinished?.timings.previousAttempts ?? 0) >= 1_000_000_000)

        let tooLong = try await GatewayHarness.start(faults: MockFaults(status: 503, retryAfter: 7))
        let refused = try await tooLong.send(tooLong.request("/chat/completions", body: Self.chat("gpt-test")))
        await tooLong.stop()
        #expect(refused.status == 503)
        #expect(refused.headers.first("retry-after") == "7")
        #expect(refused.headers.first("x-signalbox-attempts") == "1")
        #expect(tooLong.mock.recordedRequests.count == 1)
    }

    @Test("attempts stop at retries.max_attempts, or at the request's x-signalbox-max-attempts")
    func maxAttempts() async throws {
        let harness = try await GatewayHarness.start(
            faults: MockFaults(status: 500), retries: RetryConfig(maxAttempts: 3, backoffMs: 1, maxBackoffMs: 5))
        let response = try await harness.send(harness.request("/chat/completions", body: Self.chat("gpt-test")))
        let (finished, failed, _) = await Self.events(of: harness)
        var once = harness.request("/chat/completions", body: Self.chat("gpt-test"))
        once.headers.append(HTTPField("x-signalbox-max-attempts", "1"))
        let single = try await harness.send(once)
        var bad = harness.request("/chat/completions", body: Self.chat("gpt-test"))
        bad.headers.append(HTTPField("x-signalbox-max-attempts", "0"))
        let refused = try await harness.send(bad)
        await harness.stop()
        #expect(single.status == 500)
        #expect(single.headers.first("x-signalbox-attempts") == "1")
        #expect(refused.status == 400)
        #expect(harness.mock.recordedRequests.count == 4)
        #expect(response.status == 500)
        #expect(response.headers.first("x-signalbox-attempts") == "3")
        #expect(failed.map(\.attempt) == [1, 2, 3])
        #expect(finished?.attempts == 3)
    }

    @Test("a stream fails over before its first byte; after it, the client gets an SSE error and no failover")
    func streaming() async throws {
        let before = try await GatewayHarness.start(faults: MockFaults(status: 503), withBackup: true)
        let movedStream = try await before.send(before.request("/chat/completions", body: Self.chat("duo", stream: true)))
        await before.stop()
        #expect(movedStream.status == 200)
        #expect(movedStream.headers.first("x-signalbox-provider") == "mock-backup")
        #expect(movedStream.body.contains("data: [DONE]"))

        let after = try await GatewayHarness.start(faults: MockFaults(chunks: 6, cutAfter: 2), withBackup: true)
        let cut = try await after.send(after.request("/chat/completions", body: Self.chat("duo", stream: true)))
        let (finished, _, failovers) = await Self.events(of: after)
        await after.stop()
        #expect(cut.status == 200)
        #expect(cut.headers.first("x-signalbox-provider") == "mock-openai")
        #expect(cut.body.contains(#"data: {"error":"#))
        #expect(!cut.body.contains("data: [DONE]"))
        #expect(failovers.isEmpty)
        #expect(after.backup?.recordedRequests.count == 0)
        #expect(finished?.attempts == 1)
        #expect(finished?.status == 502)
    }

    @Test("fallback routes, from the config and from x-signalbox-fallbacks")
    func fallbacks() async throws {
        let harness = try await GatewayHarness.start(faults: MockFaults(status: 503), withBackup: true)
        let configured = try await harness.send(harness.request("/chat/completions", body: Self.chat("primary")))
        var request = harness.request("/chat/completions", body: Self.chat("gpt-test"))
        request.headers.append(HTTPField("x-signalbox-fallbacks", "nope, backup"))
        let overridden = try await harness.send(request)
        let withoutFallback = try await harness.send(harness.request("/chat/completions", body: Self.chat("gpt-test")))
        await harness.stop()

        #expect(configured.status == 200)
        #expect(configured.headers.first("x-signalbox-provider") == "mock-backup")
        #expect(configured.headers.first("x-signalbox-attempts") == "2")
        #expect(overridden.status == 200)
        #expect(overridden.headers.first("x-signalbox-provider") == "mock-backup")
        #expect(withoutFallback.status == 503)
    }

    @Test("a breaker opens after repeated failures, skips its target, probes after the cooldown and closes")
    func breakerLifecycle() async throws {
        let harness = try await GatewayHarness.start(
            faults: MockFaults(status: 503), withBackup: true,
            breaker: CircuitBreakerConfig(failureRatio: 0.5, minRequests: 3, windowSeconds: 30, cooldownSeconds: 1))
        for _ in 0..<3 {
            let response = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
            #expect(response.status == 200)
        }
        #expect(harness.mock.recordedRequests.count == 3)
        // Open: the next request goes straight to the backup, in one attempt.
        let skipped = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        #expect(skipped.headers.first("x-signalbox-provider") == "mock-backup")
        #expect(skipped.headers.first("x-signalbox-attempts") == "1")
        #expect(harness.mock.recordedRequests.count == 3)
        // Addressed directly, the open target is refused at once with Retry-After.
        let direct = try await harness.send(harness.request("/chat/completions", body: Self.chat("mock-openai/mock-gpt")))
        #expect(direct.status == 503)
        #expect(direct.body.contains("circuit open"))
        #expect(direct.headers.first("retry-after") != nil)

        harness.mock.setFaults(MockFaults())
        // The cooldown is a configured time that must pass; nothing else to wait for.
        try await Task.sleep(for: .milliseconds(1_100))
        let probe = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        #expect(probe.headers.first("x-signalbox-provider") == "mock-openai")
        #expect(probe.status == 200)

        // The probe's attempt closes the breaker just before its finish event is published (the client
        // can have its answer a moment earlier): collect the changes up to that event.
        let probeID = probe.headers.first("x-signalbox-request-id")
        var transitions: [String] = []
        for await event in harness.events {
            if case .breakerChanged(let change) = event, change.provider == "mock-openai" { transitions.append("\(change.from)→\(change.to)") }
            if case .requestFinished(let finished) = event, finished.id.rawValue == probeID { break }
        }
        await harness.stop()
        #expect(transitions == ["closed→open", "open→half-open", "half-open→closed"])
    }

    @Test("an operator can reset a provider's open breakers through the control plane")
    func resetBreakers() async throws {
        let harness = try await GatewayHarness.start(
            faults: MockFaults(status: 503, failFirst: 2), withBackup: true,
            breaker: CircuitBreakerConfig(failureRatio: 0.5, minRequests: 2, windowSeconds: 30, cooldownSeconds: 600))
        for _ in 0..<2 { _ = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo"))) }
        let whileOpen = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        let outcome = await harness.runtime.controlPlane.execute(.resetBreakers(provider: "mock-openai"), actor: "test")
        let afterReset = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        let again = await harness.runtime.controlPlane.execute(.resetBreakers(provider: "mock-openai"), actor: "test")
        var resets: [BreakerChanged] = []
        for event in harness.events.drain(max: 10_000) {
            if case .breakerChanged(let change) = event, change.to == "closed" { resets.append(change) }
        }
        await harness.stop()

        #expect(whileOpen.headers.first("x-signalbox-provider") == "mock-backup")
        #expect(outcome == .done("closed 1 circuit breaker of mock-openai: mock-gpt"))
        #expect(afterReset.headers.first("x-signalbox-provider") == "mock-openai")
        #expect(afterReset.status == 200)
        #expect(again == .done("every circuit breaker of mock-openai was already closed"))
        #expect(resets.map(\.reason) == ["reset by an operator"])
    }

    @Test("a 429 on one key tries the provider's next key before the next target")
    func rateLimitedKeyRotatesWithinTheProvider() async throws {
        let keys = [
            ProviderKeyConfig(id: "heavy", secret: Secret("sk-backup-heavy-key-0001"), weight: 1_000_000),
            ProviderKeyConfig(id: "light", secret: Secret("sk-backup-light-key-0002"), weight: 0),
        ]
        let harness = try await GatewayHarness.start(withBackup: true, backupKeys: keys)
        let backup = try #require(harness.backup)
        backup.setFaults(MockFaults(status: 429, failFirst: 1))
        let response = try await harness.send(harness.request("/chat/completions", body: Self.chat("backup")))
        let (finished, failed, failovers) = await Self.events(of: harness)
        await harness.stop()

        #expect(response.status == 200)
        #expect(response.headers.first("x-signalbox-attempts") == "2")
        #expect(backup.recordedRequests.map { $0.headers["authorization"] } == ["Bearer sk-backup-heavy-key-0001", "Bearer sk-backup-light-key-0002"])
        #expect(failed.first?.status == 429)
        #expect(failovers.isEmpty)
        #expect(finished?.provider == "mock-backup")
    }

    @Test("a request deadline bounds all attempts together; a bad deadline header is a 400")
    func deadline() async throws {
        let harness = try await GatewayHarness.start(faults: MockFaults(hang: true))
        var request = harness.request("/chat/completions", body: Self.chat("gpt-test"))
        request.headers.append(HTTPField("x-signalbox-deadline-ms", "300"))
        let timedOut = try await harness.send(request)
        let (finished, _, _) = await Self.events(of: harness)
        var bad = harness.request("/chat/completions", body: Self.chat("gpt-test"))
        bad.headers.append(HTTPField("x-signalbox-deadline-ms", "soon"))
        let refused = try await harness.send(bad)
        await harness.stop()

        #expect(timedOut.status == 504)
        #expect(timedOut.body.contains("timed out"))
        #expect(timedOut.headers.first("x-signalbox-attempts") == "1")
        #expect(finished?.attempts == 1)
        #expect(harness.mock.recordedRequests.count == 1)
        #expect(refused.status == 400)
        #expect(refused.body.contains("x-signalbox-deadline-ms"))
    }

    @Test("with try_when_all_open, a request whose targets are all open is sent anyway")
    func tryWhenAllOpen() async throws {
        let harness = try await GatewayHarness.start(
            faults: MockFaults(status: 503, failFirst: 2), retries: RetryConfig(maxAttempts: 1),
            breaker: CircuitBreakerConfig(failureRatio: 0.5, minRequests: 2, windowSeconds: 30, cooldownSeconds: 600, tryWhenAllOpen: true))
        for _ in 0..<2 { _ = try await harness.send(harness.request("/chat/completions", body: Self.chat("gpt-test"))) }
        let anyway = try await harness.send(harness.request("/chat/completions", body: Self.chat("gpt-test")))
        // The client can have its answer a moment before the finish event is published: await it.
        var finished: RequestFinished?
        for _ in 0..<3 { finished = await harness.nextFinished() }
        await harness.stop()

        #expect(anyway.status == 200)
        #expect(harness.mock.recordedRequests.count == 3)
        #expect(finished?.routeReason.contains("trying anyway") == true)
    }

    @Test("an operator can force a provider's breakers open through the control plane")
    func openBreakers() async throws {
        let harness = try await GatewayHarness.start(withBackup: true)
        let outcome = await harness.runtime.controlPlane.execute(.openBreakers(provider: "mock-openai"), actor: "test")
        let moved = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        let unknown = await harness.runtime.controlPlane.execute(.openBreakers(provider: "nope"), actor: "test")
        var opened: [BreakerChanged] = []
        for event in harness.events.drain(max: 1_000) {
            if case .breakerChanged(let change) = event { opened.append(change) }
        }
        await harness.stop()

        #expect(outcome.succeeded)
        #expect(moved.headers.first("x-signalbox-provider") == "mock-backup")
        #expect(moved.headers.first("x-signalbox-attempts") == "1")
        #expect(harness.mock.recordedRequests.isEmpty)
        #expect(!unknown.succeeded)
        #expect(Set(opened.map(\.model)) == ["mock-gpt", "mock-embed"])
        #expect(opened.allSatisfy { $0.to == "open" && $0.reason == "opened by an operator" })
    }

    @Test(
        "a key the provider rejects (401, or 429 insufficient_quota) is left out for a cooldown and the provider's next key is tried",
        arguments: [MockFaults(status: 401, failFirst: 1), MockFaults(status: 429, failFirst: 1, errorCode: "insufficient_quota")])
    func rejectedKey(_ faults: MockFaults) async throws {
        let keys = [
            ProviderKeyConfig(id: "heavy", secret: Secret("sk-backup-heavy-key-0001"), weight: 1_000_000),
            ProviderKeyConfig(id: "light", secret: Secret("sk-backup-light-key-0002"), weight: 0),
        ]
        let harness = try await GatewayHarness.start(withBackup: true, backupKeys: keys)
        let backup = try #require(harness.backup)
        backup.setFaults(faults)
        let first = try await harness.send(harness.request("/chat/completions", body: Self.chat("backup")))
        let second = try await harness.send(harness.request("/chat/completions", body: Self.chat("backup")))
        let snapshot = harness.runtime.controlPlane.providers().first { $0.id == "mock-backup" }
        await harness.stop()

        #expect(first.status == 200)
        #expect(first.headers.first("x-signalbox-attempts") == "2")
        #expect(second.status == 200)
        #expect(second.headers.first("x-signalbox-attempts") == "1")
        #expect(
            backup.recordedRequests.map { $0.headers["authorization"] } == [
                "Bearer sk-backup-heavy-key-0001", "Bearer sk-backup-light-key-0002", "Bearer sk-backup-light-key-0002",
            ])
        #expect(snapshot?.keys.first { $0.id == "heavy" }?.suspendedUntilMs != nil)
        #expect(snapshot?.keys.first { $0.id == "light" }?.suspendedUntilMs == nil)
    }

    @Test("a retry after a backoff keeps the key that replaced a refused one")
    func retryKeepsTheReplacementKey() async throws {
        let keys = [
            ProviderKeyConfig(id: "heavy", secret: Secret("sk-backup-heavy-key-0001"), weight: 1_000_000),
            ProviderKeyConfig(id: "light", secret: Secret("sk-backup-light-key-0002"), weight: 0),
        ]
        // The backup accepts only the light key (heavy → 401, suspended), and the light key's first
        // request meets a 503: the retry of that same target must go out with the light key again.
        let harness = try await GatewayHarness.start(withBackup: true, backupKeys: keys, backupAPIKey: "sk-backup-light-key-0002")
        let backup = try #require(harness.backup)
        backup.setFaults(MockFaults(status: 503, failFirst: 1))
        let response = try await harness.send(harness.request("/chat/completions", body: Self.chat("backup")))
        await harness.stop()

        #expect(response.status == 200, "\(response.body)")
        #expect(response.headers.first("x-signalbox-attempts") == "3")
        #expect(
            backup.recordedRequests.map { $0.headers["authorization"] } == [
                "Bearer sk-backup-heavy-key-0001", "Bearer sk-backup-light-key-0002", "Bearer sk-backup-light-key-0002",
            ])
    }

    @Test("a failing active health check opens the provider's breakers before any client request meets the failure")
    func healthCheck() async throws {
        let harness = try await GatewayHarness.start(faults: MockFaults(status: 503), withBackup: true) { provider in
            // A generous timeout: on a loaded machine a 503 must not turn into a timeout.
            provider.healthCheck = HealthCheckConfig(path: "/models", intervalSeconds: 1, timeoutMs: 5_000)
        }
        var opened: BreakerChanged?
        for await event in harness.events {
            if case .breakerChanged(let change) = event, change.to == "open" {
                opened = change
                break
            }
        }
        let response = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        let stats = harness.mock.stats
        await harness.stop()

        #expect(opened?.provider == "mock-openai")
        #expect(opened?.reason == "health check answered 503")
        #expect(response.status == 200)
        #expect(response.headers.first("x-signalbox-provider") == "mock-backup")
        #expect(response.headers.first("x-signalbox-attempts") == "1")
        #expect(stats.chatRequests == 0)
        #expect(stats.modelsRequests >= 1)
        // The check sent the provider key.
        #expect(harness.mock.recordedRequests.first?.headers["authorization"] == "Bearer " + GatewayHarness.providerKey)
    }
}
