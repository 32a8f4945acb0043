import DequeModule
import SignalboxCore

extension SubscriberRing {
    /// The pure state of one subscriber's ring: a bounded buffer plus the consumers waiting on it.
    ///
    /// Methods mutate the state and return the continuations to resume; the caller resumes them
    /// after releasing the lock (NIO's state-machine style), so no continuation runs under a lock.
    ///
    /// Invariant: `waiters` is non-empty only while `buffer` is empty — a published event goes
    /// straight to the oldest waiter instead of into the buffer.
    struct State {
        typealias Continuation = CheckedContinuation<GatewayEvent?, Never>

        enum Phase: Equatable {
            case active
            /// The bus finished: what is buffered is still delivered, then `nil`.
            case finished
            /// The subscriber cancelled: the buffer is discarded, `nil` from now on.
            case cancelled
        }

        enum PopResult {
            case event(GatewayEvent)
            /// Nothing buffered yet; wait under this id (so task cancellation can find the waiter).
            case empty(waiterID: UInt64)
            case end
        }

        struct Waiter {
            var id: UInt64
            var continuation: Continuation
        }

        let capacity: Int
        private(set) var buffer: Deque<GatewayEvent>
        private(set) var dropped = 0
        private(set) var phase = Phase.active
        private var waiters: Deque<Waiter> = []
        private var nextWaiterID: UInt64 = 0
        /// A second preallocated buffer, swapped in by `takeAll` so that draining is O(1) under the
        /// lock; nil while a drainer holds it (it comes back through `recycle`).
        private var spare: Deque<GatewayEvent>?

        init(capacity: Int) {
            precondition(capacity > 0, "an event ring needs room for at least one event")
            self.capacity = capacity
            // Preallocated once: `append` never grows it, so publishing never allocates here.
            self.buffer = Deque(minimumCapacity: capacity)
            self.spare = Deque(minimumCapacity: capacity)
        }

        var waiterCount: Int { waiters.count }

        /// Appends `event`, dropping the oldest when full. Returns a waiter to resume with `event`
        /// instead (the buffer is empty whenever someone waits).
        mutating func append(_ event: GatewayEvent) -> Continuation? {
            guard phase == .active else { return nil }
            if let waiter = waiters.popFirst() {
                return waiter.continuation
            }
            if buffer.count == capacity {
                buffer.removeFirst()
                dropped += 1
            }
            buffer.append(event)
            return nil
        }

        mutating func pop() -> PopResult {
            if phase == .cancelled { return .end }
            if let event = buffer.popFirst() { return .event(event) }
            if phase == .finished { return .end }
            nextWaiterID &+= 1
            return .empty(waiterID: nextWaiterID)
        }

        /// Parks `continuation` under `id`, unless an event or the end arrived since `pop()`, or
        /// the waiting task was already cancelled; then returns what to resume it with right away.
        mutating func wait(id: UInt64, continuation: Continuation, taskCancelled: Bool) -> (Continuation, GatewayEvent?)? {
            switch pop() {
            case .event(let event): return (continuation, event)
            case .end: return (continuation, nil)
            case .empty:
                if taskCancelled { return (continuation, nil) }
                waiters.append(Waiter(id: id, continuation: continuation))
                return nil
            }
        }

        /// The waiter `id` if it is still parked (its task was cancelled): resume it with `nil`.
        mutating func removeWaiter(id: UInt64) -> Continuation? {
            guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return waiters.remove(at: index).continuation
        }

        /// Hands over the whole buffer, putting the empty spare in its place: O(1), so a consumer
        /// draining thousands of events never holds publishers up. Nil when that is not possible
        /// (more buffered than `max`, the spare is out with another drainer, nothing to take).
        mutating func takeAll(max: Int) -> Deque<GatewayEvent>? {
            guard phase != .cancelled, !buffer.isEmpty, buffer.count <= max, let empty = spare else { return nil }
            spare = nil
            let full = buffer
            buffer = empty
            return full
        }

        /// Takes back a buffer handed out by `takeAll`, emptied (its storage kept) by the drainer.
        mutating func recycle(_ storage: Deque<GatewayEvent>) {
            guard spare == nil, phase != .cancelled else { return }
            spare = storage
        }

        mutating func drain(max: Int) -> [GatewayEvent] {
            guard phase != .cancelled else { return [] }
            let count = Swift.min(Swift.max(max, 0), buffer.count)
            guard count > 0 else { return [] }
            let events = Array(buffer.prefix(count))
            buffer.removeFirst(count)
            return events
        }

        /// Ends the ring after the buffered events. Returns the waiters to resume with `nil`.
        mutating func finish() -> Deque<Waiter> {
            guard phase == .active else { return [] }
            phase = .finished
            return takeWaiters()
        }

        /// Ends the ring now, freeing the buffer. Returns the waiters to resume with `nil`.
        mutating func cancel() -> Deque<Waiter> {
            guard phase != .cancelled else { return [] }
            phase = .cancelled
            buffer = []
            spare = nil
            return takeWaiters()
        }

        private mutating func takeWaiters() -> Deque<Waiter> {
            let parked = waiters
            waiters = []
            return parked
        }
    }
}
