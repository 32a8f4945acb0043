public import Logging
import Synchronization

/// A bounded queue in front of the database writer, for records written off the hot path (audit,
/// usage). `enqueue` takes a short lock and returns; one drain task writes batches, each in one
/// transaction. Records are never refused while the writer runs (they describe what already
/// happened: a request answered, an action taken); when the backlog reaches `capacity` the writer
/// reports it (`isBacklogged`, `onBacklogChange`) and the gateway fails closed — new requests get
/// 503 until the backlog is under half the capacity again — so memory stays bounded by the capacity
/// plus the records of requests already in flight. A failed batch is retried with backoff and keeps
/// its place until it is written.
public final class StoreWriter: Sendable {
    private let state: Mutex<State>
    private let sink: any StoreRecordSink
    private let logger: Logger
    private let retryDelay: Duration
    private let maxRetryDelay: Duration
    private let shutdownAttempts: Int
    private let drain = Mutex<Task<Void, Never>?>(nil)
    /// Told of each batch once it is committed (the usage journal forgets what the database has).
    private let onCommitted: (@Sendable ([StoreRecord]) -> Void)?
    /// How long a batch collects records before it is written — cut short when it is full, a flush
    /// waits or the writer closes: one commit (and its WAL pages) and one wake-up for every record
    /// of that window instead of each.
    private let gatherDelay: Duration
    private let backlogged = Atomic<Bool>(false)
    private let onBacklogChange: (@Sendable (Bool) -> Void)?

    /// - Parameters:
    ///   - capacity: records queued or being written at most; beyond it `enqueue` refuses.
    ///   - batchLimit: records per transaction at most.
    ///   - shutdownAttempts: how often a failing batch is tried once `shutdown()` was called.
    public init(
        sink: any StoreRecordSink, capacity: Int = 10_000, batchLimit: Int = 256, retryDelay: Duration = .milliseconds(100),
        maxRetryDelay: Duration = .seconds(5), shutdownAttempts: Int = 3, gatherDelay: Duration = .zero, logger: Logger,
        onCommitted: (@Sendable ([StoreRecord]) -> Void)? = nil, onBacklogChange: (@Sendable (Bool) -> Void)? = nil
    ) {
        self.onBacklogChange = onBacklogChange
        self.onCommitted = onCommitted
        self.gatherDelay = gatherDelay
        precondition(capacity > 0 && batchLimit > 0, "StoreWriter needs a positive capacity and batch limit")
        self.state = Mutex(State(capacity: capacity, batchLimit: batchLimit))
        self.sink = sink
        self.logger = logger
        self.retryDelay = retryDelay
        self.maxRetryDelay = maxRetryDelay
        self.shutdownAttempts = shutdownAttempts
        let task = Task { [self] in await self.run() }
        drain.withLock { $0 = task }
    }

    /// Queues `record` without waiting. False only once the writer was shut down.
    public func enqueue(_ record: StoreRecord) -> Bool {
        let (accepted, wake, backlog) = state.withLock { $0.enqueue(record) }
        wake?.resume()
        if let backlog { reportBacklog(backlog) }
        return accepted
    }

    /// True from the moment the backlog reaches the capacity until it is back under half of it:
    /// the gateway refuses new requests meanwhile (one relaxed atomic load per request).
    public var isBacklogged: Bool { backlogged.load(ordering: .relaxed) }

    private func reportBacklog(_ backlog: Bool) {
        backlogged.store(backlog, ordering: .relaxed)
        if backlog {
            logger.error("store writer backlog reached its capacity: new requests are refused (503) until it drains", metadata: ["pending": "\(pendingCount)"])
        } else {
            logger.notice("store writer backlog drained: requests are admitted again", metadata: ["pending": "\(pendingCount)"])
        }
        onBacklogChange?(backlog)
    }

    /// Records refused because the writer was shut down.
    public var rejectedCount: UInt64 { state.withLock { $0.rejected } }

    /// Records queued or being written right now.
    public var pendingCount: Int { state.withLock { $0.queue.count + $0.inFlight } }

    /// Returns when every record accepted before the call is committed. Throws the write error when a
    /// batch fails meanwhile (the records stay queued and are retried).
    public func flush() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let (done, gathering) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                guard state.written < state.accepted else { return (true, nil) }
                state.flushWaiters.append((state.accepted, continuation))
                return (false, state.takeGatherer())
            }
            if done { continuation.resume() }
            gathering?.resume()
        }
    }

    /// Stops accepting, writes what is queued, and returns how many records could not be written
    /// (0 unless the database kept failing; those are logged as an error).
    @discardableResult
    public func shutdown() async -> Int {
        let wake = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.closed = true
            defer { state.consumer = nil }
            return [state.consumer, state.takeGatherer()].compactMap { $0 }
        }
        for continuation in wake { continuation.resume() }
        await drain.withLock { $0 }?.value
        let unwritten = state.withLock { $0.queue.count + $0.inFlight }
        if unwritten > 0 {
            logger.error("store writer stopped with unwritten records", metadata: ["count": "\(unwritten)"])
        }
        return unwritten
    }

    private func run() async {
        while true {
            if gatherDelay > .zero, state.withLock({ !$0.closed && $0.queue.count < $0.batchLimit }) {
                await waitForRecords()
                await gather()
            }
            guard let batch = await nextBatch() else { return }
            guard await write(batch) else { return }
        }
    }

    /// Returns after `gatherDelay`, or sooner when the batch fills, a flush waits or the writer closes.
    private func gather() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            guard let window = state.withLock({ $0.beginGather(continuation) }) else { return continuation.resume() }
            Task { [weak self, gatherDelay] in
                try? await Task.sleep(for: gatherDelay)
                self?.state.withLock { $0.endGather(window) }?.resume()
            }
        }
    }

    /// Returns once a record is queued (or the writer is closing).
    private func waitForRecords() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                guard state.queue.isEmpty, !state.closed else { return true }
                state.consumer = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    private func nextBatch() async -> [StoreRecord]? {
        while true {
            switch state.withLock({ $0.takeBatch() }) {
            case .batch(let batch): return batch
            case .finished: return nil
            case .wait: await waitForRecords()
            }
        }
    }

    /// Writes one batch, retrying with backoff. False when it gave up (only after shutdown began).
    private func write(_ batch: [StoreRecord]) async -> Bool {
        var delay = retryDelay
        var attemptsAfterClose = 0
        while true {
            do {
                try await sink.write(batch)
                onCommitted?(batch)
                let (waiters, cleared) = state.withLock { state in (state.batchWritten(), state.backlogCleared()) }
                // Admission reopens before anyone waiting on the flush carries on.
                if cleared { reportBacklog(false) }
                for waiter in waiters { waiter.resume() }
                return true
            } catch {
                logger.error("store write failed; retrying", metadata: ["records": "\(batch.count)", "error": "\(error)"])
                let failure = StoreError.writeFailed("\(error)")
                let (waiters, closed) = state.withLock { ($0.batchFailed(), $0.closed) }
                for waiter in waiters { waiter.resume(throwing: failure) }
                if closed {
                    attemptsAfterClose += 1
                    if attemptsAfterClose >= shutdownAttempts { return false }
                }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, maxRetryDelay)
            }
        }
    }
}
