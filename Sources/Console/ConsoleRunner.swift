import Engine
import Foundation
import SignalboxCore
import Synchronization

/// Runs the operations console: owns the `ConsoleModel` and the terminal on one dedicated thread,
/// and connects them to the engine through a `ConsoleBackend`.
///
/// Per loop turn the thread waits for a key (at most until the next frame is due), hands it to the
/// model, and starts the effects the model returns (`ConsoleEffectExecutor`, off this thread). Per
/// frame — at most 10 a second — it drains the bus subscription in one go, applies the results that
/// effects posted to the inbox, the drop count and the clock, and paints only if the model's
/// revision changed or the terminal was resized; then starts the fetches `RefreshSchedule` says are
/// due. The engine never waits for the console: the bus ring drops the oldest events when the
/// console falls behind, and the model shows the count.
public final class ConsoleRunner: Sendable {
    /// Why the console ended.
    public enum Ending: Sendable, Hashable {
        /// The operator quit (`q`): the caller shuts the gateway down.
        case quit
        /// `stop()` was called (SIGINT/SIGTERM, `--duration`).
        case stopped
    }

    public struct Summary: Sendable, Hashable {
        public var ending: Ending
        /// The file that captured stderr while the console was up, when anything was written to it.
        public var capturedOutputPath: String?
    }

    /// Events buffered between frames before the oldest are dropped (and counted).
    public static let busCapacity = 16_384

    private let backend: any ConsoleBackend
    private let makeTerminal: @Sendable () -> any ConsoleTerminal
    private let environment: @Sendable () -> [String: String]
    private let stopRequested = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)

    /// A console on the process's terminal, styled by `theme`. stderr goes to a capture file while
    /// it runs (`$SIGNALBOX_CONSOLE_LOG`, default `$TMPDIR/signalbox-console-PID.log`).
    public convenience init(backend: any ConsoleBackend, theme: Theme) {
        let environment = ProcessInfo.processInfo.environment
        let capturePath = StandardErrorCapture.defaultPath(environment: environment)
        self.init(
            backend: backend,
            makeTerminal: { CursesTerminal(theme: theme, environment: environment, capturePath: capturePath) },
            environment: { ProcessInfo.processInfo.environment })
    }

    init(
        backend: any ConsoleBackend, makeTerminal: @escaping @Sendable () -> any ConsoleTerminal,
        environment: @escaping @Sendable () -> [String: String]
    ) {
        self.backend = backend
        self.makeTerminal = makeTerminal
        self.environment = environment
    }

    /// Runs the console until the operator quits or `stop()` is called; the terminal is restored
    /// when this returns. Throws `TerminalError` when the terminal cannot be taken over. Call once.
    public func run() async throws -> Summary {
        precondition(!started.exchange(true, ordering: .relaxed), "a ConsoleRunner runs once")
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try self.runOnThread() }) }
            thread.name = "signalbox.console"
            thread.start()
        }
    }

    /// Asks the console to end; `run()` returns within about one frame, with the terminal restored.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
    }

    // MARK: - The console thread

    private func runOnThread() throws -> Summary {
        let terminal = makeTerminal()
        var size = try terminal.open()
        let ending = loop(terminal: terminal, size: &size)
        return Summary(ending: ending, capturedOutputPath: terminal.close())
    }

    private func loop(terminal: any ConsoleTerminal, size: inout (width: Int, height: Int)) -> Ending {
        let inbox = ConsoleInbox()
        let executor = ConsoleEffectExecutor(backend: backend, inbox: inbox, environment: environment)
        let subscription = backend.subscribe(capacity: Self.busCapacity)
        defer { subscription.cancel() }
        let clock = ContinuousClock()
        let start = clock.now
        func monotonicMs() -> UInt64 {
            let elapsed = clock.now - start
            return UInt64(elapsed.components.seconds) * 1_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000_000_000)
        }
        var model = ConsoleModel(readOnly: backend.isReadOnly, width: size.width, height: size.height, nowMs: Self.wallClockMs())
        var pacer = FramePacer()
        var schedule = RefreshSchedule(nowMs: monotonicMs())
        executor.perform(.refreshProviders)
        executor.perform(.refreshBudgets)

        while !stopRequested.load(ordering: .relaxed) {
            if let key = terminal.readKey(timeoutMs: pacer.waitMs(nowMs: monotonicMs())) {
                if case .resize(let width, let height) = key {
                    size = (width, height)
                    pacer.invalidate()
                }
                for effect in model.handle(key) {
                    if effect == .quit { return .quit }
                    executor.perform(effect)
                }
            }
            let now = monotonicMs()
            guard pacer.isFrameDue(nowMs: now) else { continue }
            for message in inbox.takeAll() {
                switch message {
                case .providers(let providers): model.apply(providers: providers)
                case .recorded(let exchange, let id): model.apply(recorded: exchange, for: id)
                case .outcome(let outcome, let command):
                    model.apply(outcome: outcome, for: command)
                    // The control plane wrote the audit entry before answering: show it.
                    if let refresh = model.auditRefresh { executor.perform(refresh) }
                    // A purge changed the cache's size: show it.
                    if case .purgeCache(_) = command, let refresh = model.cacheRefresh { executor.perform(refresh) }
                case .budgets(let budgets): model.apply(budgets: budgets)
                case .audit(let result): model.apply(audit: result)
                case .auditChain(let result): model.apply(auditChain: result)
                case .cacheStats(let stats): model.apply(cacheStats: stats)
                }
            }
            for event in subscription.drain(max: Self.busCapacity) {
                model.apply(event)
            }
            model.apply(busDrops: subscription.dropped)
            model.tick(nowMs: Self.wallClockMs())
            if pacer.frame(nowMs: now, revision: model.revision) {
                var screen = ScreenBuffer(width: size.width, height: size.height)
                model.render(into: &screen)
                terminal.paint(screen)
            }
            for effect in schedule.due(nowMs: now, view: model.view, auditRefresh: model.auditRefresh, cacheRefresh: model.cacheRefresh) {
                executor.perform(effect)
            }
        }
        return .stopped
    }

    /// Milliseconds since the epoch: the clock events are stamped with.
    private static func wallClockMs() -> UInt64 {
        UInt64(max(0, Date().timeIntervalSince1970 * 1_000))
    }
}
