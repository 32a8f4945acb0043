import DequeModule

extension StoreWriter {
    /// The writer's queue and bookkeeping, kept inside one `Mutex`. Methods change the state and
    /// return what to resume; the caller resumes continuations after the lock is released.
    struct State {
        let capacity: Int
        let batchLimit: Int
        var queue: Deque<StoreRecord> = []
        /// Records taken by the drain loop and not yet committed: they still use capacity.
        var inFlight = 0
        var accepted: UInt64 = 0
        var written: UInt64 = 0
        var rejected: UInt64 = 0
        var closed = false
        var consumer: CheckedContinuation<Void, Never>?
        /// The drain loop gathering a batch: resumed when its window ends, a flush waits, the batch
        /// is full or the writer closes, whichever comes first.
        var gatherer: CheckedContinuation<Void, Never>?
        /// Tells a window's timer from an earlier window's.
        var gatherWindow: UInt64 = 0
        var flushWaiters: [(target: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []

        init(capacity: Int, batchLimit: Int) {
            self.capacity = capacity
            self.batchLimit = batchLimit
        }

        /// Set when the backlog reached `capacity`; cleared once it is back under half of it.
        var backlogged = false

        /// Accepts the record unless the writer was shut down — a record of something that already
        /// happened is never refused, whatever the backlog (the gateway stops admitting new
        /// requests instead). Returns whether it was accepted, the drain loop to wake (waiting for
        /// records, or gathering a batch this record filled), and the backlog state when this
        /// record changed it.
        mutating func enqueue(_ record: StoreRecord) -> (accepted: Bool, wake: CheckedContinuation<Void, Never>?, backlog: Bool?) {
            guard !closed else {
                rejected += 1
                return (false, nil, nil)
            }
            queue.append(record)
            accepted += 1
            var change: Bool?
            if !backlogged, queue.count + inFlight >= capacity {
                backlogged = true
                change = true
            }
            if let waiting = consumer {
                consumer = nil
                return (true, waiting, change)
            }
            return (true, queue.count >= batchLimit ? takeGatherer() : nil, change)
        }

        /// Starts a gathering window unless a batch should be written now; returns its number.
        mutating func beginGather(_ continuation: CheckedContinuation<Void, Never>) -> UInt64? {
            guard !closed, flushWaiters.isEmpty, queue.count < batchLimit else { return nil }
            gatherWindow &+= 1
            gatherer = continuation
            return gatherWindow
        }

        /// The window `number` ran out: the gatherer to resume, unless it already was.
        mutating func endGather(_ number: UInt64) -> CheckedContinuation<Void, Never>? {
            guard gatherWindow == number else { return nil }
            return takeGatherer()
        }

        mutating func takeGatherer() -> CheckedContinuation<Void, Never>? {
            defer { gatherer = nil }
            return gatherer
        }

        /// After a commit: false when the backlog just fell under half the capacity.
        mutating func backlogCleared() -> Bool {
            guard backlogged, queue.count + inFlight < capacity / 2 else { return false }
            backlogged = false
            return true
        }

        enum NextBatch {
            case batch([StoreRecord])
            case wait
            case finished
        }

        mutating func takeBatch() -> NextBatch {
            if !queue.isEmpty {
                let count = min(batchLimit, queue.count)
                let batch = Array(queue.prefix(count))
                queue.removeFirst(count)
                inFlight = count
                return .batch(batch)
            }
            return closed ? .finished : .wait
        }

        /// The batch in flight was committed: returns the flush waiters it satisfies.
        mutating func batchWritten() -> [CheckedContinuation<Void, any Error>] {
            written += UInt64(inFlight)
            inFlight = 0
            let done = flushWaiters.filter { $0.target <= written }.map(\.continuation)
            flushWaiters.removeAll { $0.target <= written }
            return done
        }

        /// The batch in flight failed: it stays in flight (it is retried); every flush waiter learns of the failure.
        mutating func batchFailed() -> [CheckedContinuation<Void, any Error>] {
            defer { flushWaiters.removeAll() }
            return flushWaiters.map(\.continuation)
        }

        /// Gives up on the batch in flight (only at shutdown, after retries): returns its size.
        mutating func abandonBatch() -> Int {
            defer { inFlight = 0 }
            return inFlight
        }
    }
}
