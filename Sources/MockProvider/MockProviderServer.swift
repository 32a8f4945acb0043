import Hummingbird
public import Logging
import NIOCore
import ServiceLifecycle
import SignalboxCore
import Synchronization

/// A fake LLM provider: a real HTTP server on loopback speaking the OpenAI API, with fault
/// injection and a control API. Start it, point a client at `baseURL`, inspect `stats` and
/// `recordedRequests`, and `stop()` it.
///
/// ```swift
/// let mock = MockProviderServer()
/// let port = try await mock.start()
/// mock.faults.status = 503            // every /v1 request now fails with 503
/// await mock.waitForStats { $0.failuresInjected >= 3 }
/// await mock.stop()
/// ```
public final class MockProviderServer: Sendable {
    private enum Lifecycle {
        case idle
        case starting(CheckedContinuation<Int, any Error>)
        case running(port: Int)
        case stopped
    }

    /// What `stop()` needs: the group to shut down gracefully and the task running it.
    private struct Running: Sendable {
        var group: ServiceGroup
        var task: Task<Void, Never>
    }

    /// How long `stop()` lets connections finish before cancelling what is left.
    static let gracefulStopTimeout: Duration = .seconds(3)

    public let configuration: MockProviderConfiguration
    private let logger: Logger
    private let ledger: MockProviderLedger
    private let lifecycle = Mutex(Lifecycle.idle)
    private let running = Mutex<Running?>(nil)

    public init(configuration: MockProviderConfiguration = .init(), logger: Logger = Logger(label: "signalbox.mock")) {
        self.configuration = configuration
        self.logger = logger
        self.ledger = MockProviderLedger(faults: configuration.faults, seed: configuration.seed)
    }

    // MARK: Lifecycle

    /// Binds and starts serving in a background task; returns the bound port. A server starts once.
    public func start() async throws -> Int {
        let responder = MockResponder(ledger: ledger, configuration: configuration)
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { [weak self] channel in
                self?.started(port: channel.localAddress?.port)
            },
            logger: logger
        )
        return try await withCheckedThrowingContinuation { continuation in
            let fresh = lifecycle.withLock { lifecycle in
                guard case .idle = lifecycle else { return false }
                lifecycle = .starting(continuation)
                return true
            }
            guard fresh else {
                continuation.resume(throwing: MockProviderError.alreadyStarted)
                return
            }
            let group = ServiceGroup(services: [app], logger: logger)
            let task = Task {
                do {
                    try await group.run()
                    self.ended(error: nil)
                } catch {
                    self.ended(error: error)
                }
            }
            running.withLock { $0 = Running(group: group, task: task) }
        }
    }

    /// Stops serving and waits until the server is down: stops accepting, ends hangs, delays and
    /// streams in flight (closing their connections), lets other responses finish, and cancels
    /// whatever is left after a few seconds. Waiters of `waitForStats` are not resumed by this.
    public func stop() async {
        guard let running = running.withLock({ $0 }) else {
            lifecycle.withLock { $0 = .stopped }
            return
        }
        ledger.beginStopping()
        await running.group.triggerGracefulShutdown()
        let task = running.task
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await task.value }
            group.addTask {
                try? await Task.sleep(for: Self.gracefulStopTimeout)
                task.cancel()
            }
            await group.next()
            group.cancelAll()
        }
        lifecycle.withLock { $0 = .stopped }
    }

    /// The bound port while running.
    public var port: Int? {
        lifecycle.withLock { lifecycle in
            if case .running(let port) = lifecycle { return port }
            return nil
        }
    }

    /// `http://HOST:PORT/v1`, what an OpenAI client takes as its base URL. Empty until started.
    public var baseURL: String {
        guard let port else { return "" }
        let address = ListenAddress(host: configuration.host, port: port)
        return "http://\(address)/v1"
    }

    /// The `base_url` of a gateway provider of this mock's flavor (`http://HOST:PORT` and the
    /// flavor's base path). Empty until started.
    public var providerBaseURL: String {
        guard let port else { return "" }
        return "http://\(ListenAddress(host: configuration.host, port: port))" + configuration.flavor.basePath
    }

    private func started(port: Int?) {
        let continuation = lifecycle.withLock { lifecycle -> CheckedContinuation<Int, any Error>? in
            guard case .starting(let continuation) = lifecycle, let port else { return nil }
            lifecycle = .running(port: port)
            return continuation
        }
        if let port { continuation?.resume(returning: port) }
    }

    private func ended(error: (any Error)?) {
        let continuation = lifecycle.withLock { lifecycle -> CheckedContinuation<Int, any Error>? in
            defer { lifecycle = .stopped }
            if case .starting(let continuation) = lifecycle { return continuation }
            return nil
        }
        if let continuation {
            continuation.resume(throwing: error ?? CancellationError())
        } else if let error {
            logger.error("mock provider server stopped with an error", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Faults, records and stats

    /// The faults applied to `/v1` requests from now on (requests in flight keep theirs).
    public var faults: MockFaults {
        get { ledger.faults }
        set { ledger.faults = newValue }
    }

    public func setFaults(_ faults: MockFaults) {
        ledger.faults = faults
    }

    /// Changes some faults atomically and returns the result: `mock.updateFaults { $0.cutAfter = 2 }`.
    @discardableResult
    public func updateFaults(_ change: (inout MockFaults) -> Void) -> MockFaults {
        ledger.updateFaults { current in
            var faults = current
            change(&faults)
            return faults
        }
    }

    public var stats: MockProviderStats { ledger.stats }

    /// The last 1000 `/v1` requests, oldest first.
    public var recordedRequests: [RecordedRequest] { ledger.records }

    /// Requests being held by the `hang` fault right now.
    public var hangingRequests: Int { ledger.hangingRequests }

    /// Clears recorded requests and stats (active streams stay counted) and restarts the
    /// `fail_rate` sequence from the seed. Faults are kept.
    public func reset() {
        ledger.reset()
    }

    // MARK: Waiting

    /// Returns when `predicate` holds for the stats: checked now and after every change, no polling.
    /// Returns early if the task is cancelled. The predicate runs under the mock's lock: keep it a
    /// plain comparison, and don't call the mock from it.
    public func waitForStats(_ predicate: @escaping @Sendable (MockProviderStats) -> Bool) async {
        await ledger.wait(until: { predicate($0.stats) })
    }

    /// Like `waitForStats(_:)`, but throws `MockProviderError.timedOut` (with the stats reached)
    /// when `timeout` passes first.
    public func waitForStats(timeout: Duration, _ predicate: @escaping @Sendable (MockProviderStats) -> Bool) async throws {
        try await ledger.wait(until: { predicate($0.stats) }, timeout: timeout)
    }

    /// Waits until `predicate` holds for the number of requests held by the `hang` fault.
    public func waitForHangingRequests(timeout: Duration, _ predicate: @escaping @Sendable (Int) -> Bool) async throws {
        try await ledger.wait(until: { predicate($0.hangingRequests) }, timeout: timeout)
    }
}
