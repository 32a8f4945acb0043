import Foundation
import SignalboxCore
import Synchronization
import Testing

@testable import Engine

@Suite("EventBus")
struct EventBusTests {
    // MARK: - Delivery

    @Test(.timeLimit(.minutes(1)))
    func deliversEventsInPublishOrder() async {
        let bus = EventBus()
        let subscription = bus.subscribe()
        for sequence in 0..<100 { bus.publish(event(sequence)) }
        bus.finish()

        var received: [Int] = []
        for await event in subscription { received.append(sequenceNumber(event)) }

        #expect(received == Array(0..<100))
        #expect(subscription.dropped == 0)
        #expect(bus.publishedCount == 100)
    }

    @Test func everySubscriberReceivesEveryEvent() {
        let bus = EventBus()
        let subscriptions = (0..<3).map { _ in bus.subscribe() }
        #expect(bus.subscriberCount == 3)

        for sequence in 0..<50 { bus.publish(event(sequence)) }

        for subscription in subscriptions {
            #expect(subscription.drain(max: 1_000).map(sequenceNumber) == Array(0..<50))
            #expect(subscription.dropped == 0)
        }
    }

    @Test func subscriberOnlySeesEventsPublishedAfterSubscribing() {
        let bus = EventBus()
        bus.publish(event(0))
        let subscription = bus.subscribe()
        bus.publish(event(1))

        #expect(subscription.drain(max: 10).map(sequenceNumber) == [1])
        #expect(bus.publishedCount == 2)
    }

    @Test func publishingWithoutSubscribersOnlyCounts() {
        let bus = EventBus()
        for sequence in 0..<1_000 { bus.publish(event(sequence)) }
        #expect(bus.publishedCount == 1_000)
        #expect(bus.subscriberCount == 0)
    }

    @Test func repeatedFullDrainsKeepOrderBoundAndDropCount() {
        // A full drain swaps the ring's buffers; the swapped-in one must behave exactly the same.
        let bus = EventBus()
        let subscription = bus.subscribe(capacity: 4)
        for round in 0..<5 {
            for offset in 0..<6 { bus.publish(event(round * 10 + offset)) }
            #expect(subscription.drain(max: 100).map(sequenceNumber) == Array((round * 10 + 2)..<(round * 10 + 6)))
            #expect(subscription.drain(max: 100).isEmpty)
        }
        #expect(subscription.dropped == 10)
        // Partial drains (more buffered than `max`) still take the oldest first.
        for sequence in 100..<103 { bus.publish(event(sequence)) }
        #expect(subscription.drain(max: 2).map(sequenceNumber) == [100, 101])
        #expect(subscription.drain(max: 2).map(sequenceNumber) == [102])
    }

    @Test func drainReturnsAtMostMaxOldestFirst() {
        let bus = EventBus()
        let subscription = bus.subscribe(capacity: 16)
        for sequence in 0..<10 { bus.publish(event(sequence)) }

        #expect(subscription.drain(max: 4).map(sequenceNumber) == [0, 1, 2, 3])
        #expect(subscription.drain(max: 0).isEmpty)
        #expect(subscription.drain(max: 100).map(sequenceNumber) == Array(4..<10))
        #expect(subscription.drain(max: 100).isEmpty)
    }

    // MARK: - Bounded rings

    @Test(arguments: [(capacity: 1, overflow: 1), (capacity: 8, overflow: 5), (capacity: 64, overflow: 1_000)])
    func fullRingDropsOldestAndCountsDrops(capacity: Int, overflow: Int) async {
        let bus = EventBus()
        let subscription = bus.subscribe(capacity: capacity)
        #expect(subscription.capacity == capacity)

        for sequence in 0..<(capacity + overflow) { bus.publish(event(sequence)) }
        bus.finish()

        var received: [Int] = []
        for await event in subscription { received.append(sequenceNumber(event)) }
        #expect(received == Array(overflow..<(capacity + overflow)))
        #expect(subscription.dropped == overflow)
    }

    @Test func defaultCapacityApplies() {
        let bus = EventBus(defaultCapacity: 3)
        let subscription = bus.subscribe()
        for sequence in 0..<5 { bus.publish(event(sequence)) }

        #expect(subscription.capacity == 3)
        #expect(subscription.drain(max: 10).map(sequenceNumber) == [2, 3, 4])
        #expect(subscription.dropped == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func stalledSubscriberNeverBlocksPublishing() async {
        let total = 100_000
        let bus = EventBus()
        let stalled = bus.subscribe(capacity: 16)  // never read until the end
        let active = bus.subscribe(capacity: 1_024)

        let consumer = Task {
            var received: [Int] = []
            for await event in active { received.append(sequenceNumber(event)) }
            return received
        }
        // Completing at all is the assertion: a publisher blocked on `stalled` would hang here.
        await Task.detached {
            for sequence in 0..<total { bus.publish(event(sequence)) }
        }.value
        bus.finish()
        let received = await consumer.value

        #expect(bus.publishedCount == total)
        #expect(stalled.dropped == total - 16)
        #expect(stalled.drain(max: 100).map(sequenceNumber) == Array((total - 16)..<total))
        // The active subscriber may have lost some under load, but never the newest, never out of order.
        #expect(received.last == total - 1)
        #expect(received == received.sorted())
        #expect(received.count + active.dropped == total)
    }

    // MARK: - Waiting, cancellation, finishing

    @Test(.timeLimit(.minutes(1)))
    func waitingConsumerIsResumedByLaterPublish() async {
        let bus = EventBus()
        let subscription = bus.subscribe()
        let consumer = await parkedConsumer(on: subscription)

        bus.publish(event(7))

        #expect(await consumer.value.map(sequenceNumber) == 7)
        #expect(subscription.ring.waiterCount == 0)
        #expect(subscription.drain(max: 10).isEmpty)  // handed to the waiter, not also buffered
    }

    @Test(.timeLimit(.minutes(1)))
    func concurrentWaitersEachGetADistinctEvent() async {
        let bus = EventBus()
        let subscription = bus.subscribe()
        let consumers = (0..<2).map { _ in
            Task {
                var iterator = subscription.makeAsyncIterator()
                return await iterator.next()
            }
        }
        await waitUntil { subscription.ring.waiterCount == 2 }

        bus.publish(event(1))
        bus.publish(event(2))

        var received: Set<Int> = []
        for consumer in consumers {
            if let event = await consumer.value { received.insert(sequenceNumber(event)) }
        }
        #expect(received == [1, 2])
    }

    @Test(.timeLimit(.minutes(1)))
    func cancelEndsIterationAndUnsubscribes() async {
        let bus = EventBus()
        let subscription = bus.subscribe()
        let consumer = Task {
            var count = 0
            for await _ in subscription { count += 1 }
            return count
        }
        bus.publish(event(0))
        await waitUntil { subscription.ring.waiterCount == 1 }  // consumed event 0, waiting again

        subscription.cancel()

        #expect(await consumer.value == 1)
        #expect(bus.subscriberCount == 0)
        bus.publish(event(1))
        #expect(subscription.drain(max: 10).isEmpty)
        var iterator = subscription.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }

    @Test func cancelDiscardsBufferedEvents() async {
        let bus = EventBus()
        let subscription = bus.subscribe()
        bus.publish(event(0))
        subscription.cancel()
        subscription.cancel()  // idempotent

        var iterator = subscription.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        #expect(subscription.drain(max: 10).isEmpty)
    }

    @Test func releasingASubscriptionUnsubscribes() {
        let bus = EventBus()
        let kept = bus.subscribe()
        _ = bus.subscribe()
        #expect(bus.subscriberCount == 1)

        bus.publish(event(0))
        #expect(kept.drain(max: 10).map(sequenceNumber) == [0])
    }

    @Test(.timeLimit(.minutes(1)))
    func taskCancellationResumesWaiterWithNil() async {
        let bus = EventBus()
        let subscription = bus.subscribe()
        let consumer = await parkedConsumer(on: subscription)

        consumer.cancel()

        #expect(await consumer.value == nil)
        #expect(subscription.ring.waiterCount == 0)
        // The cancelled waiter must not swallow a later event: the subscription is still live.
        bus.publish(event(3))
        #expect(subscription.drain(max: 10).map(sequenceNumber) == [3])
        #expect(bus.subscriberCount == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func alreadyCancelledTaskDoesNotSuspend() async {
        let bus = EventBus()
        let subscription = bus.subscribe()
        let consumer = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            var iterator = subscription.makeAsyncIterator()
            return await iterator.next()
        }
        #expect(await consumer.value == nil)
        #expect(subscription.ring.waiterCount == 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func finishDeliversBufferedEventsThenNil() async {
        let bus = EventBus()
        let subscription = bus.subscribe()
        for sequence in 0..<3 { bus.publish(event(sequence)) }

        bus.finish()
        bus.publish(event(99))  // after finish: counted, delivered to no one

        var iterator = subscription.makeAsyncIterator()
        var received: [Int] = []
        while let event = await iterator.next() { received.append(sequenceNumber(event)) }
        #expect(received == [0, 1, 2])
        #expect(await iterator.next() == nil)
        #expect(bus.subscriberCount == 0)
        #expect(bus.publishedCount == 4)
    }

    @Test(.timeLimit(.minutes(1)))
    func finishResumesWaitingConsumers() async {
        let bus = EventBus()
        let subscription = bus.subscribe()
        let consumer = await parkedConsumer(on: subscription)

        bus.finish()

        #expect(await consumer.value == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func subscribingAfterFinishYieldsAnEndedSubscription() async {
        let bus = EventBus()
        bus.finish()
        let subscription = bus.subscribe()
        bus.publish(event(0))

        var iterator = subscription.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        #expect(bus.subscriberCount == 0)
    }

    // MARK: - Concurrency

    @Test(.timeLimit(.minutes(1)))
    func concurrentPublishersLoseNothingWhenCapacitySuffices() async {
        let threads = 4
        let perThread = 25_000
        let bus = EventBus()
        let subscriptions = (0..<2).map { _ in bus.subscribe(capacity: threads * perThread) }

        await runOnThreads(threads) { thread in
            for sequence in 0..<perThread {
                bus.publish(event(thread * 1_000_000 + sequence))
            }
        }

        #expect(bus.publishedCount == threads * perThread)
        for subscription in subscriptions {
            let received = subscription.drain(max: .max).map(sequenceNumber)
            #expect(received.count == threads * perThread)
            #expect(subscription.dropped == 0)
            // Each publisher's events arrive in that publisher's order.
            for thread in 0..<threads {
                let mine = received.filter { $0 / 1_000_000 == thread }
                #expect(mine == Array((thread * 1_000_000)..<(thread * 1_000_000 + perThread)))
            }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func subscribingAndCancellingWhilePublishingIsSafe() async {
        let bus = EventBus()
        let steady = bus.subscribe(capacity: 200_000)
        let publishers = 2
        let perThread = 20_000

        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await runOnThreads(publishers) { thread in
                    for sequence in 0..<perThread { bus.publish(event(thread * 1_000_000 + sequence)) }
                }
            }
            group.addTask {
                for _ in 0..<500 {
                    let churn = bus.subscribe(capacity: 8)
                    churn.cancel()
                }
            }
        }

        #expect(steady.drain(max: .max).count == publishers * perThread)
        #expect(bus.subscriberCount == 1)
    }
}

// MARK: - Helpers

/// A `requestStarted` event whose timestamp carries `sequence`, so tests can check order.
private func event(_ sequence: Int) -> GatewayEvent {
    .requestStarted(
        RequestStarted(
            id: RequestID(rawValue: "req_\(sequence)"), timestampMs: UInt64(sequence), endpoint: .chatCompletions,
            requestedModel: "fast", provider: "mock", model: "mock-1", stream: false
        )
    )
}

private func sequenceNumber(_ event: GatewayEvent) -> Int {
    switch event {
    case .requestStarted(let started): Int(started.timestampMs)
    default: -1
    }
}

/// A task waiting in `next()` on `subscription`, returned once it is parked there.
private func parkedConsumer(on subscription: EventSubscription) async -> Task<GatewayEvent?, Never> {
    let consumer = Task {
        var iterator = subscription.makeAsyncIterator()
        return await iterator.next()
    }
    await waitUntil { subscription.ring.waiterCount == 1 }
    return consumer
}

/// Yields until `condition` holds: waits on state, not on time.
private func waitUntil(_ condition: () -> Bool) async {
    while !condition() { await Task.yield() }
}

/// Runs `body(index)` on `count` fresh OS threads (not the cooperative pool, like NIO event loops
/// and the libcurl thread) and returns when all have finished.
private func runOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) async {
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let countdown = Countdown(count)
        for index in 0..<count {
            Thread {
                body(index)
                if countdown.decrement() { continuation.resume() }
            }.start()
        }
    }
}

private final class Countdown: Sendable {
    private let remaining: Mutex<Int>

    init(_ count: Int) { remaining = Mutex(count) }

    /// True for the call that reaches zero.
    func decrement() -> Bool {
        remaining.withLock { remaining in
            remaining -= 1
            return remaining == 0
        }
    }
}
