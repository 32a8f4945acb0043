import Engine
import Foundation
import SignalboxCore
import Synchronization

@testable import Console

/// A terminal that plays keys pushed by the test and records every painted frame.
final class ScriptedTerminal: ConsoleTerminal, Sendable {
    struct Record {
        var keys: [KeyInput] = []
        var frames: [(atMs: UInt64, screen: ScreenBuffer)] = []
        var opened = 0
        var closed = 0
        /// Key reads: the runner reads once per frame it ticks.
        var reads = 0
    }

    let size: (width: Int, height: Int)
    let record = Mutex(Record())
    private let started = ContinuousClock.now

    init(width: Int = 120, height: Int = 40) { size = (width, height) }

    func push(_ keys: KeyInput...) { record.withLock { $0.keys += keys } }

    var frames: [ScreenBuffer] { record.withLock { $0.frames.map(\.screen) } }
    var frameTimes: [UInt64] { record.withLock { $0.frames.map(\.atMs) } }
    var reads: Int { record.withLock { $0.reads } }
    var elapsed: Duration { ContinuousClock.now - started }

    func open() throws -> (width: Int, height: Int) {
        record.withLock { $0.opened += 1 }
        return size
    }

    func readKey(timeoutMs: Int) -> KeyInput? {
        record.withLock { $0.reads += 1 }
        let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
        repeat {
            if let key = record.withLock({ $0.keys.isEmpty ? nil : $0.keys.removeFirst() }) { return key }
            Thread.sleep(forTimeInterval: 0.002)
        } while ContinuousClock.now < deadline
        return nil
    }

    func paint(_ screen: ScreenBuffer) {
        let elapsed = ContinuousClock.now - started
        let ms = UInt64(elapsed.components.seconds) * 1_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000_000_000)
        record.withLock { $0.frames.append((ms, screen)) }
    }

    func close() -> String? {
        record.withLock { $0.closed += 1 }
        return nil
    }
}

/// A backend over a real `EventBus` with a scripted control plane that records what it was asked.
/// Budgets, audit entries and cache stats are whatever the test put there; `auditEntries == nil` is
/// "no store", `cacheStats == nil` "no route caches".
final class RecordingBackend: ConsoleBackend {
    struct State {
        var commands: [(OperatorCommand, String)] = []
        var providerFetches = 0
        var budgetFetches = 0
        var auditLimits: [Int] = []
        var chainChecks = 0
        var budgets: [BudgetStatus] = []
        var auditEntries: [OperatorAuditEntrySummary]? = []
        var chain: OperatorAuditChainCheck = .intact(throughSequence: 0)
        var cacheStatsFetches = 0
        /// nil: no route caches responses.
        var cacheStats: CacheStatsSnapshot?
    }

    let bus = EventBus()
    let isReadOnly: Bool
    let state = Mutex(State())

    init(readOnly: Bool = false, budgets: [BudgetStatus] = [], auditEntries: [OperatorAuditEntrySummary]? = []) {
        isReadOnly = readOnly
        state.withLock {
            $0.budgets = budgets
            $0.auditEntries = auditEntries
        }
    }

    var commands: [(command: OperatorCommand, actor: String)] { state.withLock { $0.commands.map { ($0.0, $0.1) } } }
    var providerFetches: Int { state.withLock { $0.providerFetches } }
    var budgetFetches: Int { state.withLock { $0.budgetFetches } }
    var auditLimits: [Int] { state.withLock { $0.auditLimits } }
    var chainChecks: Int { state.withLock { $0.chainChecks } }
    var cacheStatsFetches: Int { state.withLock { $0.cacheStatsFetches } }

    func cacheStats() -> CacheStatsSnapshot? {
        state.withLock {
            $0.cacheStatsFetches += 1
            return $0.cacheStats
        }
    }

    func budgets() -> [BudgetStatus] {
        state.withLock {
            $0.budgetFetches += 1
            return $0.budgets
        }
    }

    func auditEntries(limit: Int) async throws -> [OperatorAuditEntrySummary]? {
        state.withLock {
            $0.auditLimits.append(limit)
            return $0.auditEntries.map { Array($0.prefix(limit)) }
        }
    }

    func verifyAuditChain() async throws -> OperatorAuditChainCheck? {
        state.withLock {
            $0.chainChecks += 1
            return $0.auditEntries == nil ? nil : $0.chain
        }
    }

    func subscribe(capacity: Int) -> EventSubscription { bus.subscribe(capacity: capacity) }

    func providers() -> [ProviderSnapshot] {
        state.withLock { $0.providerFetches += 1 }
        return [
            ProviderSnapshot(
                id: "alpha", kind: "openai", baseURL: "http://127.0.0.1:9/v1", paused: false,
                keys: [.init(id: "primary", masked: "sk-…0001", weight: 1, paused: false, graceUntilMs: nil)])
        ]
    }

    func recordedRequest(_ id: RequestID) -> RecordedExchange? { nil }

    func execute(_ command: OperatorCommand, actor: String) async -> OperatorOutcome {
        state.withLock { state in
            state.commands.append((command, actor))
            // Like the control plane with a store: the command lands in the audit log before the answer.
            if var entries = state.auditEntries {
                let sequence = (entries.first?.sequence ?? 0) + 1
                entries.insert(
                    OperatorAuditEntrySummary(
                        sequence: sequence, timestampMs: 1_750_000_000_000, actor: actor, role: "operator", action: command.auditAction,
                        target: command.auditTarget, details: "", outcome: "done"), at: 0)
                state.auditEntries = entries
            }
        }
        return .done("\(command): done")
    }
}

/// Polls `condition` every few milliseconds until it holds or `seconds` pass.
func eventually(within seconds: Double = 20, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1_000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

func finishedRequest(_ number: Int, provider: String = "alpha") -> GatewayEvent {
    .requestFinished(
        RequestFinished(
            id: RequestID(rawValue: "req_test\(number)"), timestampMs: UInt64(Date().timeIntervalSince1970 * 1_000), endpoint: .chatCompletions,
            requestedModel: "gpt-test", provider: provider, model: "mock-gpt", stream: false, status: 200, attempts: 1, usage: nil,
            timings: StageTimings(), providerRequestID: nil, errorMessage: nil))
}
