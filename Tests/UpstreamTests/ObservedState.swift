import Synchronization

/// A value shared between threads that tests can await conditions on — the synchronisation
/// primitive of this test target (no sleeps): writers `update`, readers `wait(until:)`.
final class ObservedState<Value: Sendable>: Sendable {
    private struct Waiter {
        let predicate: @Sendable (Value) -> Bool
        let continuation: CheckedContinuation<Value, Never>
    }

    private struct Storage {
        var value: Value
        var waiters: [Waiter] = []
    }

    private let storage: Mutex<Storage>

    init(_ value: Value) {
        storage = Mutex(Storage(value: value))
    }

    var value: Value { storage.withLock { $0.value } }

    @discardableResult
    func update<Result: Sendable>(_ body: (inout Value) -> Result) -> Result {
        let (result, ready) = storage.withLock { storage in
            let result = body(&storage.value)
            var ready: [(CheckedContinuation<Value, Never>, Value)] = []
            storage.waiters.removeAll { waiter in
                guard waiter.predicate(storage.value) else { return false }
                ready.append((waiter.continuation, storage.value))
                return true
            }
            return (result, ready)
        }
        for (continuation, value) in ready { continuation.resume(returning: value) }
        return result
    }

    /// Suspends until `predicate` holds (checked now and after every update); returns that value.
    @discardableResult
    func wait(until predicate: @escaping @Sendable (Value) -> Bool) async -> Value {
        await withCheckedContinuation { continuation in
            let current: Value? = storage.withLock { storage in
                if predicate(storage.value) { return storage.value }
                storage.waiters.append(Waiter(predicate: predicate, continuation: continuation))
                return nil
            }
            if let current { continuation.resume(returning: current) }
        }
    }
}
