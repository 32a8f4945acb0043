import Testing

@testable import MockProvider

@Suite struct MockLedgerTests {
    @Test func stoppingInterruptsDelaysAndReleasesStopWaiters() async throws {
        let ledger = MockProviderLedger(faults: MockFaults(), seed: 1)
        let sleeper = Task { try await ledger.sleep(for: .seconds(600)) }
        let waiter = Task { await ledger.waitUntilStopping() }
        ledger.beginStopping()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        await waiter.value
        // Once stopping, new delays end at once.
        await #expect(throws: CancellationError.self) { try await ledger.sleep(for: .seconds(600)) }
    }

    @Test func delaysThatRunOutReturnNormally() async throws {
        let ledger = MockProviderLedger(faults: MockFaults(), seed: 1)
        try await ledger.sleep(for: .milliseconds(1))
    }
}
