public import SignalboxCore

/// One observer's view of the `EventBus`: a bounded ring of events, read as an `AsyncSequence` or
/// polled with `drain(max:)`.
///
/// When the ring is full the oldest event is dropped and counted in `dropped`. Iteration ends
/// (`next()` returns `nil`) after `cancel()`, or after the buffered events once the bus finishes.
/// Cancelling the task that awaits `next()` resumes it with `nil`; the subscription stays
/// registered until `cancel()` or until it is released (its `deinit` unsubscribes).
/// Several iterators (or an iterator and `drain`) share one ring: each event goes to one of them.
public final class EventSubscription: AsyncSequence, Sendable {
    public typealias Element = GatewayEvent
    public typealias Failure = Never

    let ring: SubscriberRing
    private let bus: EventBus

    /// The most events buffered before the oldest is dropped.
    public let capacity: Int

    init(ring: SubscriberRing, bus: EventBus) {
        self.ring = ring
        self.bus = bus
        self.capacity = ring.capacity
    }

    deinit {
        cancel()
    }

    /// Events dropped so far because this subscriber fell more than `capacity` events behind.
    public var dropped: Int { ring.dropped }

    /// Unsubscribes: buffered events are discarded and every iterator returns `nil`. Idempotent.
    public func cancel() {
        ring.cancel()
        bus.remove(ring)
    }

    /// Removes and returns up to `max` buffered events, oldest first, without waiting.
    /// For consumers that poll on a timer (the console coalesces events per frame).
    public func drain(max: Int) -> [GatewayEvent] {
        ring.drain(max: max)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(subscription: self)
    }

    public struct Iterator: AsyncIteratorProtocol {
        public typealias Element = GatewayEvent
        public typealias Failure = Never

        /// Keeps the subscription alive (and subscribed) while it is being iterated.
        private let subscription: EventSubscription

        init(subscription: EventSubscription) {
            self.subscription = subscription
        }

        public mutating func next() async -> GatewayEvent? {
            await subscription.ring.next(isolation: nil)
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> GatewayEvent? {
            await subscription.ring.next(isolation: actor)
        }
    }
}
