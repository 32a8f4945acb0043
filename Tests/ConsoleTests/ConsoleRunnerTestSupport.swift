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
    }

    let size: (width: Int, height: Int)
    let record = Mutex(Record())
    private let started = ContinuousClock.now

    init(width: Int = 120, height: Int = 40) { size = (width, height) }

    func push(_ keys: KeyInput...) { record.withLock { $0.keys += keys } }

    var frames: [ScreenBuffer] { record.withLock { $0.frames.map(\.screen) } }
    var frameTimes: [UInt64] { record.withLock { $0.frames.map(\.atMs) } }

    func open() throws -> (width: Int, height: Int) {
        record.withLock { $0.opened += 1 }
        return size
    }

    func readKey(timeoutMs: Int) -> KeyInput? {
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
final class RecordingBackend: ConsoleBackend {
    let bus = EventBus()
    let isReadOnly: Bool
    private let state = Mutex<(commands: [(OperatorCommand, String)], providerFetches: Int)>(([], 0))

    init(readOnly: Bool = false) { isReadOnly = readOnly }

    var commands: [(command: OperatorCommand, actor: String)] { state.withLock { $0.commands.map { ($0.0, $0.1) } } }
    var providerFetches: Int { state.withLock { $0.providerFetches } }

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
        state.withLock { $0.commands.append((command, actor)) }
        return .done("\(command): done")
    }
}

/// Polls `condition` every few milliseconds until it holds or `seconds` pass.
func eventually(within seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
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
