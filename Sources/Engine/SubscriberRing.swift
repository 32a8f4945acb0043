import DequeModule
import SignalboxCore
import Synchronization

/// One subscriber's bounded ring, shared by the bus (which appends) and the subscription (which
/// reads). Each ring has its own lock, so publishers contend per subscriber, not on one global lock,
/// and a subscriber that never reads costs publishers nothing but an overwrite of its oldest event.
final class SubscriberRing: Sendable {
    private let state: Mutex<State>

    init(capacity: Int) {
        state = Mutex(State(capacity: capacity))
    }

    var capacity: Int { state.withLock { $0.capacity } }
    var dropped: Int { state.withLock { $0.dropped } }
    /// Consumers currently suspended in `next()` (tests use it to know a waiter is parked).
    var waiterCount: Int { state.withLock { $0.waiterCount } }

    /// Publisher side: a short critical section; a waiting consumer is resumed after the lock is released.
    func append(_ event: GatewayEvent) {
        let waiter = state.withLock { $0.append(event) }
        waiter?.resume(returning: event)
    }

    /// Up to `max` events, oldest first. Usually the buffers are swapped under the lock and the
    /// events copied out after it is released; the copying path under the lock is the fallback.
    func drain(max: Int) -> [GatewayEvent] {
        if var taken = state.withLock({ $0.takeAll(max: max) }) {
            let events = Array(taken)
            taken.removeAll(keepingCapacity: true)
            state.withLock { $0.recycle(taken) }
            return events
        }
        return state.withLock { $0.drain(max: max) }
    }

    func finish() {
        let waiters = state.withLock { $0.finish() }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }

    func cancel() {
        let waiters = state.withLock { $0.cancel() }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }

    /// The next event, suspending while the ring is empty; `nil` once the ring ended or when the
    /// waiting task is cancelled (the ring itself stays subscribed).
    func next(isolation actor: isolated (any Actor)?) async -> GatewayEvent? {
        let waiterID: UInt64
        switch state.withLock({ $0.pop() }) {
        case .event(let event): return event
        case .end: return nil
        case .empty(let id): waiterID = id
        }
        return await withTaskCancellationHandler(
            operation: {
                    await withCheckedContinuation(isolation: actor) { (continuation: State.Continuation) in
                    // `Task.isCancelled` is read under the lock: if cancellation happened before the
                    // waiter is parked, the handler below found nothing to resume, so resume here.
                    let ready = state.withLock { $0.wait(id: waiterID, continuation: continuation, taskCancelled: Task.isCancelled) }
                    if let (continuation, event) = ready { continuation.resume(returning: event) }
                }
            },
            onCancel: {
                state.withLock { $0.removeWaiter(id: waiterID) }?.resume(returning: nil)
            },
            isolation: actor
        )
    }
}
