public import Logging
import Synchronization

/// A bounded queue in front of the database writer, for records written off the hot path (audit,
/// usage). `enqueue` takes a short lock and returns; one drain task writes batches, each in one
/// transaction. When the queue is full `enqueue` returns false: the caller sees back-pressure and
/// decides (count, shed, answer 503) — nothing is dropped silently. A failed batch is retried with
/// backoff and keeps its place (and its capacity) until it is written.
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
    /// How long a batch collects records before it is written (unless it is full already): one
    /// commit, one fsync and one wake-up for every record of that window instead of each.
    private let gatherDelay: Duration

    /// - Parameters:
    ///   - capacity: records queued or being written at most; beyond it `enqueue` refuses.
    ///   - batchLimit: records per transaction at most.
    ///   - shutdownAttempts: how often a failing batch is tried once `shutdown()` was called.
    public init(
        sink: any StoreRecordSink, capacity: Int = 10_000, batchLimit: Int = 256, retryDelay: Duration = .milliseconds(100),
        maxRetryDelay: Duration = .seconds(5), shutdownAttempts: Int = 3, gatherDelay: Duration = .zero, logger: Logger,
        onCommitted: (@Sendable ([StoreRecord]) -> Void)? = nil
    ) {
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

    /// Queues `record` without waiting. False when the queue is full or shut down: back-pressure.
    public func enqueue(_ record: StoreRecord) -> Bool {
        let (accepted, wake) = state.withLock { $0.enqueue(record) }
        wake?.resume()
        return accepted
    }

    /// Records refused because the queue was full (or shut down) since start.
    public var rejectedCount: UInt64 { state.withLock { $0.rejected } }

    /// Records queued or being written right now.
    public var pendingCount: Int { state.withLock { $0.queue.count + $0.inFlight } }

    /// Returns when every record accepted before the call is committed. Throws the write error when a
    /// batch fails meanwhile (the records stay queued and are retried).
    public func flush() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let done = state.withLock { state -> Bool in
                guard state.written < state.accepted else { return true }
                state.flushWaiters.append((state.accepted, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Stops accepting, writes what is queued, and returns how many records could not be written
    /// (0 unless the database kept failing; those are logged as an error).
    @discardableResult
    public func shutdown() async -> Int {
        let wake = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.closed = true
            defer { state.consumer = nil }
            return state.consumer
        }
        wake?.resume()
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
                try? await Task.sleep(for: gatherDelay)
            }
            guard let batch = await nextBatch() else { return }
            guard await write(batch) else { return }
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
            case .wait:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        guard state.queue.isEmpty, !state.closed else { return true }
                        state.consumer = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
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
                for waiter in state.withLock({ $0.batchWritten() }) { waiter.resume() }
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
